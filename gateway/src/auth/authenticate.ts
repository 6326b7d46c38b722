import { createHash, randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { GraphQLError } from 'graphql';
import {
  ANONYMOUS,
  DEFAULT_ROLE_SCOPES,
  PUBLISHED_DEV_SECRETS,
  scopesForRoles,
  type Caller,
} from '@mesh/product-kit';
import { API_TOKEN_PREFIX, type ApiTokenStore } from './api-tokens';
import type { RevocationList } from './revocations';
import type { GrantView } from '../access-requests/grants';

/**
 * DEV ONLY default of JWT_SECRET: the HS256 key of the development identity provider (`POST /auth/login`).
 * Never deploy with it: set JWT_SECRET, or JWKS_URL for a real identity provider.
 */
export const DEV_JWT_SECRET: string = PUBLISHED_DEV_SECRETS.DEV_JWT_SECRET;
export const DEV_JWT_ISSUER = 'mesh-dev-idp';
/** The audience (aud) of the development identity provider's JWTs: this mesh's gateways. */
export const DEV_JWT_AUDIENCE = 'mesh-gateway';

export interface AuthenticationOptions {
  /** HS256 secret (development, or a provider that signs with a shared secret). */
  jwtSecret?: string;
  /** JWKS of a real identity provider (RS256/ES256…), e.g. https://idp.example.org/.well-known/jwks.json */
  jwksUrl?: string;
  /** Expected `iss`; with an HS256 secret it defaults to the development identity provider's (DEV_JWT_ISSUER). */
  issuer?: string;
  /** Expected `aud`; with an HS256 secret it defaults to DEV_JWT_AUDIENCE. */
  audience?: string;
  /** Dotted path of the roles claim: `roles` (default), `realm_access.roles` (Keycloak), `groups`… */
  rolesClaim?: string;
  roleScopes?: Readonly<Record<string, readonly string[]>>;
  apiTokens?: ApiTokenStore;
  /** Signed-out JWTs (`POST /auth/logout`): refused until they expire. */
  revocations?: RevocationList;
  /**
   * Approved access requests: their scopes are added to the user's, and to the user's API tokens (a grant
   * is to the person, for a stated purpose and a bounded time; their notebooks act for them).
   */
  grants?: GrantView;
}

export class AuthenticationError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

export interface Authenticator {
  /** The caller of an `Authorization` header value; anonymous without one. Throws AuthenticationError. */
  authenticate(authorization: string | undefined): Promise<Caller>;
  /** Development identity provider only: a signed JWT for a (demo) user. */
  issueDevToken?(
    user: { subject: string; name: string; roles: string[] },
    ttlSeconds?: number,
  ): Promise<string>;
  /**
   * Signs a JWT out: refused from now on (by every replica sharing the revocation list) until it expires.
   * `not-a-jwt`: the credential is an API token (revoked with `DELETE /auth/tokens`). Throws
   * AuthenticationError when the token is not valid in the first place.
   */
  signOut(
    authorization: string | undefined,
  ): Promise<{ status: 'signed-out'; until: number } | { status: 'not-a-jwt' }>;
  describe(): string;
}

export function createAuthenticator(options: AuthenticationOptions): Authenticator {
  const roleScopes = options.roleScopes ?? DEFAULT_ROLE_SCOPES;
  const rolesClaim = options.rolesClaim ?? 'roles';
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : undefined;
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
  // The development identity provider always signs iss and aud, so they are always checked; a JWKS
  // provider's are checked when configured (and production mode requires both).
  const issuer = options.issuer ?? (jwks ? undefined : DEV_JWT_ISSUER);
  const audience = options.audience ?? (jwks ? undefined : DEV_JWT_AUDIENCE);

  /**
   * Verified tokens, kept for at most a minute and never past their expiry: a client sends the same JWT with
   * every request, and verifying it each time showed up in profiles. Refusals are not cached.
   */
  type Verified = { caller: Caller; expiresAt?: number; revocationId: string };
  const verified = new Map<string, Verified & { until: number }>();
  async function verifyJwtCached(token: string): Promise<Verified> {
    const now = Date.now();
    const hit = verified.get(token);
    if (hit && hit.until > now) return hit;
    const result = await verifyJwt(token);
    if (verified.size >= 10_000) verified.clear();
    verified.set(token, { ...result, until: Math.min(result.expiresAt ?? Infinity, now + 60_000) });
    return result;
  }

  async function verifyJwt(token: string): Promise<Verified> {
    let payload: JWTPayload;
    try {
      const verifyOptions = {
        ...(issuer ? { issuer } : {}),
        ...(audience ? { audience } : {}),
      };
      payload = jwks
        ? (await jwtVerify(token, jwks, verifyOptions)).payload
        : (await jwtVerify(token, secret!, { ...verifyOptions, algorithms: ['HS256'] })).payload;
    } catch (error) {
      const reason =
        (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'it has expired' : (error as Error).message;
      throw new AuthenticationError(
        `The bearer token was refused: ${reason}. Sign in again (or create an API token) and retry.`,
      );
    }
    if (!payload.sub) throw new AuthenticationError('The bearer token has no subject (sub claim).');
    const roles = stringList(claimAt(payload, rolesClaim));
    const caller: Caller = {
      kind: 'user',
      subject: payload.sub,
      name:
        typeof payload.name === 'string'
          ? payload.name
          : ((payload.preferred_username as string | undefined) ?? null),
      roles,
      scopes: scopesForRoles(roles, roleScopes, stringList(payload.scope ?? payload.scp)),
    };
    return {
      caller,
      // Identity providers without jti: the token itself (hashed) identifies it.
      revocationId: payload.jti
        ? `jti:${payload.jti}`
        : `sha256:${createHash('sha256').update(token).digest('hex')}`,
      ...(payload.exp !== undefined && { expiresAt: payload.exp * 1000 }),
    };
  }

  const bearer = (authorization: string): string => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw new AuthenticationError(
        'The Authorization header must be "Bearer <token>" (a JWT or an API token starting with mesh_pat_).',
      );
    }
    return match[1]!;
  };
  const verifiable = () => {
    if (!secret && !jwks)
      throw new AuthenticationError('This gateway accepts no JWTs (no JWT_SECRET or JWKS_URL).');
  };

  return {
    async authenticate(authorization) {
      if (!authorization) return ANONYMOUS;
      const token = bearer(authorization);
      if (token.startsWith(API_TOKEN_PREFIX)) {
        if (!options.apiTokens) throw new AuthenticationError('API tokens are not enabled on this gateway.');
        const result = await options.apiTokens.verify(token);
        if ('refused' in result) throw new AuthenticationError(result.refused);
        return options.grants?.withGrants(result) ?? result;
      }
      verifiable();
      const { caller, revocationId } = await verifyJwtCached(token);
      if (options.revocations?.has(revocationId))
        throw new AuthenticationError('This token was signed out. Sign in again and retry.');
      return options.grants?.withGrants(caller) ?? caller;
    },
    async signOut(authorization) {
      if (!authorization)
        throw new AuthenticationError('Send the token to sign out: "Authorization: Bearer <token>".');
      const token = bearer(authorization);
      if (token.startsWith(API_TOKEN_PREFIX)) return { status: 'not-a-jwt' };
      verifiable();
      // Signing out twice is fine: the revocation is not checked here, only that the token is genuine.
      const { revocationId, expiresAt } = await verifyJwtCached(token);
      // A token without expiry stays signed out for a year (the list must not grow forever).
      const until = expiresAt ?? Date.now() + 365 * 86_400_000;
      if (!options.revocations)
        throw new Error('sign-out needs a revocation list (createAuthenticator({ revocations }))');
      await options.revocations.revoke(revocationId, until);
      return { status: 'signed-out', until };
    },
    ...(secret && !jwks
      ? {
          issueDevToken: (user, ttlSeconds = 8 * 3600) =>
            new SignJWT({ name: user.name, roles: user.roles })
              .setProtectedHeader({ alg: 'HS256' })
              .setSubject(user.subject)
              .setIssuer(issuer!)
              .setAudience(audience!)
              // A token id, so sign-out can name exactly this token.
              .setJti(randomUUID())
              .setIssuedAt()
              .setExpirationTime(`${ttlSeconds}s`)
              .sign(secret),
        }
      : {}),
    describe: () => (jwks ? `JWKS ${options.jwksUrl}` : secret ? 'HS256 shared secret' : 'API tokens only'),
  };
}
