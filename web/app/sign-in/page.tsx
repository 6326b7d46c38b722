import { connection } from 'next/server';
import { gatewayOrigin } from '@/lib/session';
import { SignInForm } from './sign-in-form';

interface DemoUser {
  username: string;
  name: string;
  roles: string[];
}

async function demoUsers(): Promise<DemoUser[]> {
  try {
    const response = await fetch(`${gatewayOrigin()}/auth/users`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status !== 200) return [];
    return ((await response.json()) as { users: DemoUser[] }).users;
  } catch {
    return [];
  }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  await connection();
  const [{ next }, users] = await Promise.all([searchParams, demoUsers()]);
  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">
        Your roles decide what the mesh serves you: private products and sensitive fields need a scope, and
        every product checks it again where the data is served.
      </p>
      <SignInForm next={next ?? '/'} />
      {users.length > 0 ? (
        <section aria-labelledby="demo-users" className="section">
          <h2 id="demo-users">Demo users (development only, password “demo”)</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">User name</th>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.username}>
                  <td>
                    <code>{user.username}</code>
                  </td>
                  <td>{user.name}</td>
                  <td>{user.roles.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
