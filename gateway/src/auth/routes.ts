import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DEMO_USERS, sendJson, type Caller, type DemoUser, type MethodRoutes } from '@mesh/product-kit';
import type { Authenticator } from './authenticate';
import { handleRoute, parseBody, readJsonBody, RouteError } from '../rest-route';
import { DEFAULT_API_TOKEN_MAX_DAYS, type ApiTokenStore } from './api-tokens';
import { clientAddress, createLoginThrottle, type LoginThrottle } from './login-throttle';

export interface AuthRoutesOptions {
  authenticator: Authenticator;
  apiTokens?: ApiTokenStore;
  /** The development identity provider's users and password; absent: `/auth/login` answers 404. */
  devLogin?: { users: readonly DemoUser[]; password: string };
  /** Failed sign-ins allowed per account and per client address (default: createLoginThrottle()). */
  loginThrottle?: LoginThrottle;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy you run): TRUST_PROXY. */
  trustProxy?: boolean;
  /** Longest API token lifetime in days (API_TOKEN_MAX_DAYS, default 365). */
  apiTokenMaxDays?: number;
}

/** Stable codes of the auth routes' refusals beyond the generic ones. */
export const AuthRouteCode = {
  RateLimited: 'RATE_LIMITED',
  TokenLifetimeTooLong: 'TOKEN_LIFETIME_TOO_LONG',
} as const;

/** Lifetime of a new API token when the request does not say (capped at the maximum). */
const DEFAULT_TOKEN_DAYS = 90;

const loginBody = z.object({ username: z.string().min(1).max(100), password: z.string().max(200) });
const createTokenBody = z.object({
  label: z.string().trim().min(1).max(200),
  /** A subset of the caller's scopes; default: all of them. */
  scopes: z.array(z.string().min(1).max(100)).max(100).optional(),
  /** Days until it expires; null asks for the longest allowed (API_TOKEN_MAX_DAYS). Default 90. */
  expiresInDays: z.number().int().min(1).nullable().optional(),
});

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function view(caller: Caller) {
  return {
    kind: caller.kind,
    subject: caller.subject,
    name: caller.name,
    roles: caller.roles,
    scopes: caller.scopes,
    ...(caller.tokenId ? { tokenId: caller.tokenId } : {}),
  };
}

/**
 * `/auth/login` (development identity provider: demo users → HS256 JWT, failures rate-limited),
 * `/auth/logout` (signs a JWT out), `/auth/me` (who a token is),
 * `/auth/tokens` (a signed-in user's API tokens: list, create, revoke with `DELETE ?id=`).
 */
export function createAuthRoutes(options: AuthRoutesOptions): Record<string, MethodRoutes> {
  const handle = handleRoute;
  const signedIn = async (req: IncomingMessage): Promise<Caller> => {
    const caller = await options.authenticator.authenticate(req.headers.authorization);
    if (caller.kind === 'anonymous')
      throw new RouteError(401, 'UNAUTHENTICATED', 'Sign in first: send "Authorization: Bearer <token>".');
    return caller;
  };
  const throttle = options.loginThrottle ?? createLoginThrottle();
  const maxDays = options.apiTokenMaxDays ?? DEFAULT_API_TOKEN_MAX_DAYS;
  const tokens = () => {
    if (!options.apiTokens)
      throw new RouteError(404, 'NOT_FOUND', 'API tokens are not enabled on this gateway.');
    return options.apiTokens;
  };
  return {
    '/auth/login': {
      POST: handle(async (req, res) => {
        const login = options.devLogin;
        if (!login || !options.authenticator.issueDevToken)
          throw new RouteError(
            404,
            'NOT_FOUND',
            'This gateway has no built-in sign-in: sign in with your identity provider and send its token.',
          );
        const { username, password } = parseBody(loginBody, await readJsonBody(req, 64 * 1024));
        const attempt = { account: username, address: clientAddress(req, options.trustProxy ?? false) };
        // Checked before the password: while locked, even the right one is refused.
        const retryAfter = throttle.retryAfterSeconds(attempt);
        if (retryAfter > 0)
          throw new RouteError(
            429,
            AuthRouteCode.RateLimited,
            `Too many failed sign-ins for this account or from this address. Wait ${retryAfter} s (Retry-After), then try again.`,
            { 'retry-after': String(retryAfter) },
          );
        const user = login.users.find((candidate) => candidate.username === username);
        if (!user || !sameSecret(password, login.password)) {
          throttle.failed(attempt);
          throw new RouteError(401, 'UNAUTHENTICATED', 'Unknown user or wrong password.');
        }
        throttle.succeeded(attempt);
        const ttlSeconds = 8 * 3600;
        const token = await options.authenticator.issueDevToken({
          subject: user.username,
          name: user.name,
          roles: user.roles,
        });
        const caller = await options.authenticator.authenticate(`Bearer ${token}`);
        sendJson(res, 200, {
          token,
          expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString(),
          user: view(caller),
        });
      }),
    },
    '/auth/logout': {
      // Signs the bearer JWT out on every gateway sharing the API tokens' database, until it expires.
      POST: handle(async (req, res) => {
        const outcome = await options.authenticator.signOut(req.headers.authorization);
        if (outcome.status === 'not-a-jwt')
          throw new RouteError(
            400,
            'BAD_REQUEST',
            'This is an API token, not a sign-in: revoke it with DELETE /auth/tokens?id=<token id>.',
          );
        sendJson(res, 200, { signedOut: true, until: new Date(outcome.until).toISOString() });
      }),
    },
    '/auth/users': {
      // The demo users' names and roles (never passwords), for the sign-in page; 404 without the dev IdP.
      GET: handle(async (_req, res) => {
        if (!options.devLogin)
          throw new RouteError(404, 'NOT_FOUND', 'No built-in demo users on this gateway.');
        sendJson(res, 200, {
          users: options.devLogin.users.map(({ username, name, roles }) => ({ username, name, roles })),
        });
      }),
    },
    '/auth/me': {
      GET: handle(async (req, res) => {
        sendJson(res, 200, view(await options.authenticator.authenticate(req.headers.authorization)));
      }),
    },
    '/auth/tokens': {
      GET: handle(async (req, res) => {
        const caller = await signedIn(req);
        sendJson(res, 200, { tokens: await tokens().list(caller.subject!) });
      }),
      POST: handle(async (req, res) => {
        const caller = await signedIn(req);
        if (caller.kind === 'token')
          throw new RouteError(403, 'FORBIDDEN', 'An API token cannot create tokens: sign in as the user.');
        const body = parseBody(createTokenBody, await readJsonBody(req, 64 * 1024));
        const unknown = (body.scopes ?? []).filter((scope) => !caller.scopes.includes(scope));
        if (unknown.length > 0)
          throw new RouteError(
            403,
            'FORBIDDEN',
            `You cannot grant scopes you do not have: ${unknown.join(', ')}. Yours: ${caller.scopes.join(', ')}.`,
          );
        if (body.expiresInDays !== undefined && body.expiresInDays !== null && body.expiresInDays > maxDays)
          throw new RouteError(
            400,
            AuthRouteCode.TokenLifetimeTooLong,
            `expiresInDays is at most ${maxDays} on this gateway (API_TOKEN_MAX_DAYS). Ask for ${maxDays} or fewer days, or null for the longest allowed.`,
          );
        const expiresInDays =
          body.expiresInDays === null ? maxDays : Math.min(body.expiresInDays ?? DEFAULT_TOKEN_DAYS, maxDays);
        const created = await tokens().create(caller, { ...body, expiresInDays });
        sendJson(res, 201, {
          token: created.token,
          note: 'Shown once: store it now. Send it as "Authorization: Bearer <token>".',
          ...created.record,
        });
      }),
      DELETE: handle(async (req, res) => {
        const caller = await signedIn(req);
        const id = new URL(req.url ?? '/', 'http://gateway').searchParams.get('id');
        if (!id)
          throw new RouteError(400, 'BAD_REQUEST', 'Say which token: DELETE /auth/tokens?id=<token id>.');
        if (!(await tokens().revoke(caller.subject!, id)))
          throw new RouteError(404, 'NOT_FOUND', `You have no active token with id ${id}.`);
        sendJson(res, 200, { revoked: id });
      }),
    },
  };
}

export { DEMO_USERS };
