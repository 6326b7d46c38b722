import { SignJWT } from 'jose';
import { DEV_JWT_AUDIENCE, DEV_JWT_ISSUER, DEV_JWT_SECRET } from '@mesh/gateway';
import {
  createIdentitySigner,
  DEFAULT_ROLE_SCOPES,
  DEMO_USERS,
  DEV_IDENTITY_SECRET,
  IDENTITY_HEADER,
  scopesForRoles,
  type Caller,
} from '@mesh/product-kit';

/** A demo user's JWT, signed with the development secret the gateway uses by default (as `/auth/login` does). */
export async function demoToken(username: string, ttlSeconds = 3600): Promise<string> {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no demo user ${username}: ${DEMO_USERS.map((u) => u.username).join(', ')}`);
  return new SignJWT({ name: user.name, roles: user.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.username)
    .setIssuer(DEV_JWT_ISSUER)
    .setAudience(DEV_JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(DEV_JWT_SECRET));
}

/** `{ authorization: 'Bearer …' }` for a demo user (alice analyst, carol clinician, gene, ada admin, bob). */
export async function asUser(username: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await demoToken(username)}` };
}

export function demoCaller(username: string): Caller {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return {
    kind: 'user',
    subject: user.username,
    name: user.name,
    roles: user.roles,
    scopes: scopesForRoles(user.roles, DEFAULT_ROLE_SCOPES),
  };
}

const signer = createIdentitySigner(DEV_IDENTITY_SECRET);

/**
 * Headers of a direct product call as the gateway would send them for this caller (signed with the
 * development identity secret): what a product test needs to act as a signed-in user.
 */
export async function productIdentity(caller: string | Caller): Promise<Record<string, string>> {
  const identity = signer(typeof caller === 'string' ? demoCaller(caller) : caller);
  return identity ? { [IDENTITY_HEADER]: await identity } : {};
}
