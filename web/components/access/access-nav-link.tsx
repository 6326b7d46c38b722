import Link from 'next/link';
import { sessionToken } from '@/lib/session';
import { ownedAccessRequests } from './access-api';

/**
 * "Access" in the header, with the number of requests waiting for the signed-in owner's decision. Signed
 * out: the plain link (no gateway call).
 */
export async function AccessNavLink() {
  const pending = (await sessionToken()) ? await ownedAccessRequests() : undefined;
  const count =
    pending?.status === 'ok' ? pending.value.requests.filter((r) => r.status === 'PENDING').length : 0;
  return (
    <Link href="/access" data-testid="access-nav">
      Access
      {count > 0 ? (
        <span className="nav-count" aria-label={`${count} waiting for your decision`}>
          {' '}
          ({count})
        </span>
      ) : null}
    </Link>
  );
}
