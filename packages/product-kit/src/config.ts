import { z } from 'zod';
import {
  DEFAULT_IDENTITY_CLOCK_SKEW_SECONDS,
  DEFAULT_IDENTITY_MAX_LIFETIME_SECONDS,
  DEV_IDENTITY_SECRET,
} from './auth/identity-header';
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './http';
import { DEFAULT_MAX_JSON_DEPTH } from './json-depth';
import { DEFAULT_LIMITS } from './protection';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once at start-up. Every problem is listed in one error so an operator fixes
 * them all in one go instead of restarting once per mistake.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    return `${key}: ${issue.message} (got ${JSON.stringify(env[key] ?? null)})`;
  });
  throw new ConfigError(service, problems);
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/**
 * What a product allows when its environment does not say: direct callers meet the gateway's client limits
 * (1 MiB bodies, the same query limits); verified gateway hops may carry larger bodies (cohorts of ids),
 * and one more level of depth and twice the tokens, for the `_entities` wrapper and keys the planner adds.
 */
export const PRODUCT_DEFAULTS = {
  maxBodyBytes: 1_048_576,
  gatewayMaxBodyBytes: 16 * 1_048_576,
  limits: {
    ...DEFAULT_LIMITS,
    maxDepth: DEFAULT_LIMITS.maxDepth + 1,
    maxTokens: 2 * DEFAULT_LIMITS.maxTokens,
  },
} as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Socket timeouts of a service's HTTP server (see HttpTimeouts); every service's env schema has them. */
export const httpTimeoutsEnv = {
  HEADERS_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs),
  REQUEST_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs),
  KEEP_ALIVE_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_TIMEOUTS.keepAliveTimeoutMs),
  SOCKET_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_TIMEOUTS.socketTimeoutMs),
  /** Deepest nesting of JSON bodies and variables; deeper answers 400 BAD_REQUEST (reason TOO_DEEP). */
  MAX_JSON_DEPTH: positiveInt(DEFAULT_MAX_JSON_DEPTH),
};

export function httpTimeoutsOf(env: {
  HEADERS_TIMEOUT_MS: number;
  REQUEST_TIMEOUT_MS: number;
  KEEP_ALIVE_TIMEOUT_MS: number;
  SOCKET_TIMEOUT_MS: number;
}): HttpTimeouts {
  return {
    headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
    socketTimeoutMs: env.SOCKET_TIMEOUT_MS,
  };
}

/** Settings every data product understands; a product extends this schema with its own keys. */
export function productEnvSchema(defaults: { port: number; databaseFile: string }) {
  return z.object({
    PORT: port(defaults.port),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_FILE: z.string().min(1).default(defaults.databaseFile),
    LOG_LEVEL: logLevel,
    /** Verifies the caller identity the gateway signs (x-mesh-identity); the gateway's secret for this product. */
    MESH_IDENTITY_SECRET: z.string().min(16).default(DEV_IDENTITY_SECRET),
    /** Clock difference to the gateway tolerated on an identity's lifetime. */
    MESH_IDENTITY_CLOCK_SKEW_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(60)
      .default(DEFAULT_IDENTITY_CLOCK_SKEW_SECONDS),
    /** Identities signed to live longer are refused (the nonce set keeps each this long). */
    MESH_IDENTITY_MAX_LIFETIME_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(300)
      .default(DEFAULT_IDENTITY_MAX_LIFETIME_SECONDS),
    /** Body limit of direct callers: the gateway's client limit. */
    MAX_BODY_BYTES: positiveInt(PRODUCT_DEFAULTS.maxBodyBytes),
    /** Body limit of verified gateway hops, whose entity fetches carry whole cohorts (id lists). */
    GATEWAY_MAX_BODY_BYTES: positiveInt(PRODUCT_DEFAULTS.gatewayMaxBodyBytes),
    /** Query limits (as the gateway's, one more level for the gateway's `_entities` wrapper). */
    MAX_QUERY_DEPTH: positiveInt(PRODUCT_DEFAULTS.limits.maxDepth),
    MAX_ALIASES: positiveInt(PRODUCT_DEFAULTS.limits.maxAliases),
    MAX_DIRECTIVES_PER_FIELD: positiveInt(PRODUCT_DEFAULTS.limits.maxDirectivesPerField),
    MAX_TOKENS: positiveInt(PRODUCT_DEFAULTS.limits.maxTokens),
    MAX_QUERY_COST: positiveInt(PRODUCT_DEFAULTS.limits.maxCost),
    ...httpTimeoutsEnv,
  });
}
export type ProductEnv = z.infer<ReturnType<typeof productEnvSchema>>;

/** The server options every product takes from its environment (limits, identity, timeouts). */
export function productServerSettings(env: ProductEnv) {
  return {
    maxBodyBytes: env.MAX_BODY_BYTES,
    gatewayMaxBodyBytes: env.GATEWAY_MAX_BODY_BYTES,
    maxJsonDepth: env.MAX_JSON_DEPTH,
    identitySecret: env.MESH_IDENTITY_SECRET,
    identityClockSkewSeconds: env.MESH_IDENTITY_CLOCK_SKEW_SECONDS,
    identityMaxLifetimeSeconds: env.MESH_IDENTITY_MAX_LIFETIME_SECONDS,
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxAliases: env.MAX_ALIASES,
      maxDirectivesPerField: env.MAX_DIRECTIVES_PER_FIELD,
      maxTokens: env.MAX_TOKENS,
      maxCost: env.MAX_QUERY_COST,
    },
    timeouts: httpTimeoutsOf(env),
  };
}
