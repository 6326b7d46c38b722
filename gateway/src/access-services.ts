import { createIdentitySigner, DEV_IDENTITY_SECRET, type Logger } from '@mesh/product-kit';
import { openApiTokenStore, type ApiTokenStore } from './auth/api-tokens';
import { createAuthenticator, DEV_JWT_SECRET } from './auth/authenticate';
import type { IntrospectionPolicy } from './auth/authorize';
import type { LoginThrottleOptions } from './auth/login-throttle';
import { createRevocationList, type RevocationList } from './auth/revocations';
import type { Visibility } from './auth/visibility';
import type { ProductOwners } from './auth/product-owners';
import { createGrantView, type GrantView } from './access-requests/grants';
import { createDataAccessAudit, type AuditOptions } from './audit';

/**
 * Who is asking, and what the gateway keeps about it, built once for `startGateway`: the identity signer
 * for product hops, the API-token store and the state that lives with it in one database (sign-out
 * deny-list, access grants, data-access audit), and the authenticator over all of them. Every replica
 * sharing that database agrees on tokens, revocations and grants.
 */

export interface GatewayAuthOptions {
  /** HS256 secret of JWTs; DEV_JWT_SECRET (development only) when neither this nor jwksUrl is set. */
  jwtSecret?: string;
  /** JWKS URL of a real identity provider; turns the built-in demo sign-in off. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Dotted path of the roles claim (default `roles`). */
  rolesClaim?: string;
  roleScopes?: Readonly<Record<string, readonly string[]>>;
  /** Signs the identity header products verify (same value as theirs); DEV_IDENTITY_SECRET by default. */
  identitySecret?: string;
  /** Per-product identity secrets, by subgraph name (each product holds only its own); else identitySecret. */
  identitySecrets?: Readonly<Record<string, string>>;
  /** Seconds a signed identity is good for (DEFAULT_IDENTITY_LIFETIME_SECONDS). */
  identityLifetimeSeconds?: number;
  /** Where API tokens live; default an in-memory SQLite database (gone on restart). False: no API tokens. */
  apiTokens?: { databaseUrl?: string; databaseFile: string } | false;
  /** The demo users' sign-in (`POST /auth/login`); default on with an HS256 secret, never with JWKS. */
  devLogin?: boolean;
  /** Who may introspect; default everyone (limits.introspection false turns it off for all). */
  introspection?: IntrospectionPolicy;
  /** Operator overrides of product visibility (otherwise from the registry or the products). */
  productVisibility?: Readonly<Record<string, Visibility>>;
  /** Longest API token lifetime in days (default 365). */
  apiTokenMaxDays?: number;
  /** Failed sign-ins allowed per account and per client address (defaults in login-throttle.ts). */
  loginThrottle?: LoginThrottleOptions;
  /** The client address of `/auth/login` from X-Forwarded-For (only behind a proxy you run). */
  trustProxy?: boolean;
  /** How often signed-out tokens are re-read from the shared database (default 1 s). */
  revocationRefreshMs?: number;
  /** Who decides access requests (PRODUCT_OWNERS); default DEFAULT_PRODUCT_OWNERS (role admin, all). */
  productOwners?: ProductOwners;
  /** Longest an approved access request lasts, in days (default 90). */
  accessGrantMaxDays?: number;
  /** How often approved grants are re-read from the shared database (default 1 s). */
  grantRefreshMs?: number;
}

export interface AccessServices {
  signIdentity: ReturnType<typeof createIdentitySigner>;
  apiTokens: ApiTokenStore | undefined;
  revocations: RevocationList;
  grants: GrantView;
  authenticator: ReturnType<typeof createAuthenticator>;
  audit: Awaited<ReturnType<typeof createDataAccessAudit>>;
  /** The HS256 secret in use (undefined with a JWKS). */
  jwtSecret: string | undefined;
  /** Closes in order: audit (flushes its queue), deny-list, grants, then their database. */
  close(): Promise<void>;
}

export async function openAccessServices(
  auth: GatewayAuthOptions,
  auditOptions: AuditOptions | undefined,
  deps: { supergraphSdl: () => string; logger: Logger },
): Promise<AccessServices> {
  const { logger } = deps;
  const signIdentity = createIdentitySigner(
    (product) => auth.identitySecrets?.[product] ?? auth.identitySecret ?? DEV_IDENTITY_SECRET,
    { lifetimeSeconds: auth.identityLifetimeSeconds },
  );
  const opened: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const resource of opened.reverse()) await resource.close();
  };
  try {
    const apiTokens =
      auth.apiTokens === false
        ? undefined
        : await openApiTokenStore({
            ...(auth.apiTokens || { databaseFile: ':memory:' }),
            maxDays: auth.apiTokenMaxDays,
          });
    if (apiTokens) opened.push(apiTokens);
    // Kept with the API tokens, so every replica sharing their database refuses a signed-out JWT.
    const revocations = await createRevocationList({
      table: apiTokens?.revocations,
      refreshMs: auth.revocationRefreshMs,
      logger: logger.child({ module: 'revocations' }),
    });
    opened.push(revocations);
    // Approved access requests, kept with the API tokens so every replica sharing the database honours them.
    const grants = await createGrantView({
      table: apiTokens?.accessRequests,
      refreshMs: auth.grantRefreshMs,
      logger: logger.child({ module: 'access-grants' }),
    });
    opened.push(grants);
    const jwtSecret = auth.jwksUrl ? undefined : (auth.jwtSecret ?? DEV_JWT_SECRET);
    const authenticator = createAuthenticator({
      jwtSecret,
      jwksUrl: auth.jwksUrl,
      issuer: auth.issuer,
      audience: auth.audience,
      rolesClaim: auth.rolesClaim,
      roleScopes: auth.roleScopes,
      apiTokens,
      revocations,
      grants,
    });
    // Off the request path: reads are queued in memory and written by a background task.
    const audit = await createDataAccessAudit(
      { database: auth.apiTokens ? auth.apiTokens : undefined, ...auditOptions },
      {
        supergraphSdl: deps.supergraphSdl,
        authenticate: (req) => authenticator.authenticate(req.headers.authorization),
        logger: logger.child({ module: 'audit' }),
      },
    );
    opened.push(audit);
    return {
      signIdentity,
      apiTokens,
      revocations,
      grants,
      authenticator,
      audit,
      jwtSecret,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
