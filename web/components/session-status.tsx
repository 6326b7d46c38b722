import Link from 'next/link';
import { signOut } from '@/app/sign-in/actions';
import { currentUser } from '@/lib/session';

/** Who is signed in (and with which roles), or a sign-in link. */
export async function SessionStatus() {
  const user = await currentUser();
  if (!user) {
    return (
      <Link className="session" href="/sign-in" data-testid="sign-in-link">
        Sign in
      </Link>
    );
  }
  return (
    <form action={signOut} className="session" data-testid="session">
      <span>
        Signed in as <strong>{user.name ?? user.subject}</strong>{' '}
        <span className="session__roles">({user.roles.join(', ') || 'no roles'})</span>
      </span>
      <button type="submit" className="link-button">
        Sign out
      </button>
    </form>
  );
}
