import { cookies } from 'next/headers';
import { gatewayUrl } from './config';

/** The signed-in user's gateway token lives in an httpOnly cookie: page scripts never see it. */
export const SESSION_COOKIE = 'mesh_session';

export interface SessionUser {
  subject: string;
  name: string | null;
  roles: string[];
  scopes: string[];
}

/** Origin of the gateway (its auth endpoints sit beside /graphql). */
export function gatewayOrigin(): string {
  return new URL(gatewayUrl()).origin;
}

export async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/** Who the session cookie belongs to, asked of the gateway; null when signed out or the token expired. */
export async function currentUser(): Promise<SessionUser | null> {
  const token = await sessionToken();
  if (!token) return null;
  try {
    const response = await fetch(`${gatewayOrigin()}/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status !== 200) return null;
    const me = (await response.json()) as SessionUser & { kind: string };
    return me.kind === 'anonymous' ? null : me;
  } catch {
    return null;
  }
}
