import { z } from 'zod';
import { logLevel, port } from '@mesh/product-kit';

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

const limit = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const gatewayEnvSchema = z.object({
  PORT: port(4000),
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
  /** Default: on, except with NODE_ENV=production. */
  INTROSPECTION: flag.optional(),
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
