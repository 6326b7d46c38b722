import { z } from 'zod';
import { httpTimeoutsEnv, logLevel, port } from '@mesh/product-kit';
import { DEFAULT_CACHE_MIB } from './operation-caches';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/** `clinical=http://127.0.0.1:4001/graphql,genomics=http://...`: the products this gateway composes. */
export const subgraphList = z
  .string()
  .min(1)
  .transform((value, ctx): SubgraphEndpoint[] => {
    const endpoints: SubgraphEndpoint[] = [];
    for (const entry of value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const [name, url] = entry.split('=');
      if (!name || !url || !/^[a-z][a-z0-9_-]*$/.test(name) || !URL.canParse(url)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not NAME=URL (e.g. clinical=http://127.0.0.1:4001/graphql)`,
        });
        continue;
      }
      endpoints.push({ name, url });
    }
    return endpoints;
  });

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** `genomics=60000,clinical=5000`: per-product subgraph timeouts in ms, overriding SUBGRAPH_TIMEOUT_MS. */
export const timeoutList = z.string().transform((value, ctx) => {
  const timeouts: Record<string, number> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name, ms] = entry.split('=');
    if (!name || !ms || !/^[1-9][0-9]*$/.test(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not NAME=MILLISECONDS (e.g. genomics=60000)` });
      continue;
    }
    timeouts[name] = Number(ms);
  }
  return timeouts;
});

/** `true`, `false`, `authenticated`, or `roles:admin,analyst`: who may introspect the composed schema. */
export const introspectionSetting = z
  .string()
  .regex(
    /^(true|false|authenticated|roles:[a-z0-9_-]+(,[a-z0-9_-]+)*)$/,
    'is true, false, authenticated or roles:ROLE,ROLE (lower case)',
  )
  .transform((value) => {
    if (value === 'true') return { enabled: true, policy: 'all' as const };
    if (value === 'false') return { enabled: false, policy: 'none' as const };
    if (value === 'authenticated') return { enabled: true, policy: 'authenticated' as const };
    return { enabled: true, policy: { roles: value.slice('roles:'.length).split(',') } };
  });

/** `gapminder=public,trials=private`: operator overrides of the products' own visibility. */
export const visibilityList = z.string().transform((value, ctx) => {
  const entries: Record<string, 'public' | 'private'> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name, visibility] = entry.split('=');
    if (!name || (visibility !== 'public' && visibility !== 'private')) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" is not NAME=public|private` });
      continue;
    }
    entries[name] = visibility;
  }
  return entries;
});

/** `{"analyst": ["clinical:read"], …}`: scopes of each role of your identity provider. */
export const roleScopesJson = z.string().transform((value, ctx) => {
  try {
    return z.record(z.string(), z.array(z.string())).parse(JSON.parse(value));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is a JSON object of role → list of scopes' });
    return z.NEVER;
  }
});

/** `{"clinical": "…", "genomics": "…"}`: each product's identity secret, by subgraph name. */
export const identitySecretsJson = z.string().transform((value, ctx) => {
  try {
    return z.record(z.string(), z.string().min(32)).parse(JSON.parse(value));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is a JSON object of product → secret (32 characters or more)' });
    return z.NEVER;
  }
});

/** PRODUCT_OWNERS: product (or `*`) → subjects (`ada` or `subject:ada`) and `role:<role>` entries (auth/product-owners.ts). */
export const productOwnersJson = z.string().transform((value, ctx) => {
  try {
    return z.record(z.string(), z.array(z.string().min(1))).parse(JSON.parse(value));
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'is a JSON object of product (or *) → list of subjects or role:<role>',
    });
    return z.NEVER;
  }
});

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const gatewayEnvSchema = z.object({
  PORT: port(4000),
  ...httpTimeoutsEnv,
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: logLevel,
  SUBGRAPHS: subgraphList.default([
    { name: 'clinical', url: 'http://127.0.0.1:4001/graphql' },
    { name: 'genomics', url: 'http://127.0.0.1:4002/graphql' },
  ]),
  /** Serve this supergraph file instead of composing the products' SDL at start-up. */
  SUPERGRAPH_FILE: z.string().min(1).optional(),
  /** Take the supergraph from the schema registry (e.g. http://127.0.0.1:4005) instead of composing. */
  REGISTRY_URL: z.url().optional(),
  /** A gateway (or read) token of the registry; gateway scope also lets it report usage. */
  REGISTRY_TOKEN: z.string().min(1).optional(),
  /** The last good supergraph from the registry, used at start-up while the registry is unreachable. */
  SUPERGRAPH_CACHE_FILE: z.string().min(1).optional(),
  /** Long-poll length of each supergraph request to the registry. */
  REGISTRY_POLL_WAIT_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** How often operation usage is reported to the registry; 0 turns reporting off. */
  USAGE_REPORT_INTERVAL_MS: z.coerce.number().int().min(0).default(10_000),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** How long start-up waits for every product to answer before giving up. */
  STARTUP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  SUBGRAPH_TIMEOUTS: timeoutList.default({}),
  /** Query limits (docs/ARCHITECTURE.md, "Gateway protection, resilience and observability"). */
  MAX_QUERY_DEPTH: limit(15),
  MAX_ALIASES: limit(30),
  MAX_DIRECTIVES_PER_FIELD: limit(5),
  MAX_TOKENS: limit(10_000),
  MAX_QUERY_COST: limit(1_000_000),
  /** Accept JSON arrays of operations, at most MAX_BATCH_SIZE each. */
  BATCHING: flag.default(false),
  MAX_BATCH_SIZE: limit(10),
  /** true, false, authenticated or roles:ROLE,ROLE. Default: true, except with NODE_ENV=production (false). */
  INTROSPECTION: introspectionSetting.optional(),
  /** HS256 secret of user JWTs. Unset (and no JWKS_URL): a DEV-ONLY default, refused in production. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** A real identity provider's JWKS (e.g. https://idp.example.org/realms/mesh/protocol/openid-connect/certs). */
  JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** Where the roles are in the token, as a dotted path: roles (default), realm_access.roles, groups. */
  JWT_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** Role → scopes mapping for your identity provider's roles (JSON); default: the demo roles. */
  ROLE_SCOPES: roleScopesJson.optional(),
  /** Signs the caller identity sent to products; products need the same value. DEV-ONLY default. */
  MESH_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Per-product identity secrets (JSON, by product name); a product missing here gets MESH_IDENTITY_SECRET. */
  MESH_IDENTITY_SECRETS: identitySecretsJson.optional(),
  /** Seconds a signed identity is good for: one hop (products refuse more than their own maximum, 60 s). */
  MESH_IDENTITY_LIFETIME_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** The built-in demo users' sign-in (POST /auth/login). Default: on, except in production or with JWKS_URL. */
  DEMO_SIGN_IN: flag.optional(),
  /** API tokens (notebooks, tools): a SQLite file, or PostgreSQL with API_TOKENS_DATABASE_URL. */
  API_TOKENS_DATABASE_FILE: z.string().min(1).default('data/gateway-auth.sqlite'),
  API_TOKENS_DATABASE_URL: z.string().min(1).optional(),
  /** Longest lifetime of an API token in days; longer requests are refused, `null` gets this many. */
  API_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /**
   * Who owns each product in the mesh — decides its access requests, reads its audit — as JSON, e.g.
   * {"*": ["role:admin"], "clinical": ["subject:ada", "role:steward"]}. Default: role admin owns every product.
   */
  PRODUCT_OWNERS: productOwnersJson.optional(),
  /** Longest an approved access request lasts, in days. */
  ACCESS_GRANT_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Behind a reverse proxy you run: take sign-in rate limits' client address from X-Forwarded-For. */
  TRUST_PROXY: flag.default(false),
  /** Data-access audit (`/audit`, in the API tokens' database): `on` (default) or `off`. */
  AUDIT: z.enum(['on', 'off']).default('on'),
  /** Days audit events are kept; older ones are purged hourly. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  /** Audit events held in memory while the database catches up; more are dropped (gateway_audit_events_dropped). */
  AUDIT_QUEUE_MAX: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  /*
   * Per-operation caches (LRU), each bounded by the estimated heap MiB of its entries (estimates calibrated
   * against measured heap use): query plans (the plan executor's, and Apollo's for what it runs), parsed
   * documents, authorization plans. A flood of distinct operations fills them to these sizes, no further.
   */
  QUERY_PLAN_CACHE_MIB: z.coerce.number().int().min(1).max(4096).default(DEFAULT_CACHE_MIB.queryPlans),
  DOCUMENT_CACHE_MIB: z.coerce.number().int().min(1).max(4096).default(DEFAULT_CACHE_MIB.documents),
  AUTHORIZATION_CACHE_MIB: z.coerce.number().int().min(1).max(4096).default(DEFAULT_CACHE_MIB.authorization),
  /** Who runs query plans: mesh (the gateway's own executor, default) or apollo (Apollo Gateway's). */
  QUERY_PLAN_EXECUTOR: z.enum(['mesh', 'apollo']).default('mesh'),
  /** An Apollo persisted query manifest: only its operations run (trusted documents). Unset: any operation. */
  TRUSTED_DOCUMENTS: z.string().min(1).optional(),
  /** Roles that may still send any operation when TRUSTED_DOCUMENTS is set (the explorer's users). */
  TRUSTED_DOCUMENTS_BYPASS_ROLES: z
    .string()
    .default('admin')
    .transform((value) =>
      value
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean),
    ),
  /** Operator overrides of product visibility, e.g. gapminder=public,trials=private. */
  PRODUCT_VISIBILITY: visibilityList.default({}),
  /** Retries of a query's subgraph fetch after a connection error (jittered backoff from SUBGRAPH_RETRY_DELAY_MS). */
  SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  SUBGRAPH_RETRY_DELAY_MS: limit(50),
  /** Consecutive failed fetches that open a product's circuit; it half-opens after BREAKER_COOLDOWN_MS. */
  BREAKER_FAILURE_THRESHOLD: limit(5),
  BREAKER_COOLDOWN_MS: limit(10_000),
  /** Browser origins allowed to call the gateway (comma-separated), e.g. the web app. */
  CORS_ORIGINS: z
    .string()
    .default('http://localhost:3000,http://127.0.0.1:3000')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
});
export type GatewayEnv = z.infer<typeof gatewayEnvSchema>;
