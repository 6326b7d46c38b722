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

/**
 * DEV ONLY default of JWT_SECRET: the HS256 key of the development identity provider (`POST /auth/login`).
 * Never deploy with it: set JWT_SECRET, or JWKS_URL for a real identity provider.
 */
export const DEV_JWT_SECRET: string = PUBLISHED_DEV_SECRETS.DEV_JWT_SECRET;
export const DEV_JWT_ISSUER = 'mesh-dev-idp';

export interface AuthenticationOptions {
  /** HS256 secret (development, or a provider that signs with a shared secret). */
  jwtSecret?: string;
  /** JWKS of a real identity provider (RS256/ES256…), e.g. https://idp.example.org/.well-known/jwks.json */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Dotted path of the roles claim: `roles` (default), `realm_access.roles` (Keycloak), `groups`… */
  rolesClaim?: string;
  roleScopes?: Readonly<Record<string, readonly string[]>>;
  apiTokens?: ApiTokenStore;
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
  describe(): string;
}

export function createAuthenticator(options: AuthenticationOptions): Authenticator {
  const roleScopes = options.roleScopes ?? DEFAULT_ROLE_SCOPES;
  const rolesClaim = options.rolesClaim ?? 'roles';
  const secret = options.jwtSecret ? new TextEncoder().encode(options.jwtSecret) : undefined;
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;

  /**
   * Verified tokens, kept for at most a minute and never past their expiry: a client sends the same JWT with
   * every request, and verifying it each time showed up in profiles. Refusals are not cached.
   */
  const verified = new Map<string, { caller: Caller; until: number }>();
  async function verifyJwtCached(token: string): Promise<Caller> {
    const now = Date.now();
    const hit = verified.get(token);
    if (hit && hit.until > now) return hit.caller;
    const { caller, expiresAt } = await verifyJwt(token);
    if (verified.size >= 10_000) verified.clear();
    verified.set(token, { caller, until: Math.min(expiresAt ?? Infinity, now + 60_000) });
    return caller;
  }

  async function verifyJwt(token: string): Promise<{ caller: Caller; expiresAt?: number }> {
    let payload: JWTPayload;
    try {
      const verifyOptions = {
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
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
    return { caller, ...(payload.exp !== undefined && { expiresAt: payload.exp * 1000 }) };
  }

  return {
    async authenticate(authorization) {
      if (!authorization) return ANONYMOUS;
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) {
        throw new AuthenticationError(
          'The Authorization header must be "Bearer <token>" (a JWT or an API token starting with mesh_pat_).',
        );
      }
      const token = match[1]!;
      if (token.startsWith(API_TOKEN_PREFIX)) {
        if (!options.apiTokens) throw new AuthenticationError('API tokens are not enabled on this gateway.');
        const result = await options.apiTokens.verify(token);
        if ('refused' in result) throw new AuthenticationError(result.refused);
        return result;
      }
      if (!secret && !jwks)
        throw new AuthenticationError('This gateway accepts no JWTs (no JWT_SECRET or JWKS_URL).');
      return verifyJwtCached(token);
    },
    ...(secret && !jwks
      ? {
          issueDevToken: (user, ttlSeconds = 8 * 3600) =>
            new SignJWT({ name: user.name, roles: user.roles })
              .setProtectedHeader({ alg: 'HS256' })
              .setSubject(user.subject)
              .setIssuer(options.issuer ?? DEV_JWT_ISSUER)
              .setIssuedAt()
              .setExpirationTime(`${ttlSeconds}s`)
              .sign(secret),
        }
      : {}),
    describe: () => (jwks ? `JWKS ${options.jwksUrl}` : secret ? 'HS256 shared secret' : 'API tokens only'),
  };
}
