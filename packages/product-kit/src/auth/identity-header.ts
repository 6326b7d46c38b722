import { jwtVerify, SignJWT } from 'jose';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, type Caller } from './caller';
import { PUBLISHED_DEV_SECRETS } from '../production';

/** The header that carries the caller from the gateway to the products. */
export const IDENTITY_HEADER = 'x-mesh-identity';
/**
 * DEV ONLY default of MESH_IDENTITY_SECRET, shared by the gateway (signs) and the products (verify).
 * Any deployment beyond a laptop sets its own secret; products refuse identities signed with another.
 */
export const DEV_IDENTITY_SECRET: string = PUBLISHED_DEV_SECRETS.DEV_IDENTITY_SECRET;

const ISSUER = 'mesh-gateway';
const AUDIENCE = 'mesh-products';
const LIFETIME_SECONDS = 300;

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * Signs callers into identity headers (HS256 JWS, five minutes), reusing one signature per caller for a
 * minute so a busy gateway does not sign on every subgraph fetch.
 */
export function createIdentitySigner(secret: string) {
  const key = keyOf(secret);
  const cache = new Map<string, { value: Promise<string>; renewAt: number }>();
  return (caller: Caller): Promise<string> | null => {
    if (caller.kind === 'anonymous') return null;
    const cacheKey = JSON.stringify([
      caller.kind,
      caller.subject,
      caller.scopes,
      caller.roles,
      caller.tokenId,
    ]);
    const now = Date.now();
    const hit = cache.get(cacheKey);
    if (hit && hit.renewAt > now) return hit.value;
    const value = new SignJWT({
      kind: caller.kind,
      name: caller.name,
      roles: caller.roles,
      scopes: caller.scopes,
      ...(caller.tokenId ? { tid: caller.tokenId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(caller.subject ?? '')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(now / 1000) + LIFETIME_SECONDS)
      .sign(key);
    if (cache.size > 10_000) cache.clear();
    cache.set(cacheKey, { value, renewAt: now + 60_000 });
    return value;
  };
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/**
 * Verifies identity headers on a product. No header: anonymous. A header that does not verify (wrong
 * secret, expired, tampered): refused, never silently downgraded. Verified headers are cached until expiry.
 */
export function createIdentityVerifier(secret: string) {
  const key = keyOf(secret);
  const cache = new Map<string, { caller: Caller; expiresAt: number }>();
  return async (header: string | string[] | undefined): Promise<Caller> => {
    if (header === undefined || header === '') return ANONYMOUS;
    if (Array.isArray(header)) throw unauthenticated(`Send one ${IDENTITY_HEADER} header, not several.`);
    const now = Date.now();
    const hit = cache.get(header);
    if (hit && hit.expiresAt > now) return hit.caller;
    try {
      const { payload } = await jwtVerify(header, key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      const caller: Caller = {
        kind: payload.kind === 'token' ? 'token' : 'user',
        subject: payload.sub ?? null,
        name: typeof payload.name === 'string' ? payload.name : null,
        roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
        scopes: Array.isArray(payload.scopes) ? payload.scopes.map(String) : [],
        ...(typeof payload.tid === 'string' ? { tokenId: payload.tid } : {}),
      };
      if (cache.size > 10_000) cache.clear();
      cache.set(header, { caller, expiresAt: (payload.exp ?? 0) * 1000 });
      return caller;
    } catch (error) {
      throw unauthenticated(
        `The ${IDENTITY_HEADER} header does not verify (${(error as Error).message}). Products accept identity only from the mesh gateway: send your request through it.`,
      );
    }
  };
}
