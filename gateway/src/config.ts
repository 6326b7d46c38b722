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
