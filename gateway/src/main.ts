import { parseArgs } from 'node:util';
import { createLogger, loadConfig, runService } from '@mesh/product-kit';
import { gatewayEnvSchema } from './config';
import { startGateway } from './server';

runService('gateway', async () => {
  const { values } = parseArgs({ options: { supergraph: { type: 'string' } } });
  const env = loadConfig('gateway', gatewayEnvSchema);
  return startGateway({
    port: env.PORT,
    host: env.HOST,
    subgraphs: env.SUBGRAPHS,
    supergraphFile: values.supergraph ?? env.SUPERGRAPH_FILE,
    registry: env.REGISTRY_URL
      ? {
          origin: env.REGISTRY_URL.replace(/\/$/, ''),
          token: env.REGISTRY_TOKEN,
          cacheFile: env.SUPERGRAPH_CACHE_FILE,
          waitSeconds: env.REGISTRY_POLL_WAIT_SECONDS,
          usageFlushMs: env.USAGE_REPORT_INTERVAL_MS,
        }
      : undefined,
    maxBodyBytes: env.MAX_BODY_BYTES,
    startupTimeoutMs: env.STARTUP_TIMEOUT_MS,
    subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
    subgraphTimeouts: env.SUBGRAPH_TIMEOUTS,
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxAliases: env.MAX_ALIASES,
      maxDirectivesPerField: env.MAX_DIRECTIVES_PER_FIELD,
      maxTokens: env.MAX_TOKENS,
      maxCost: env.MAX_QUERY_COST,
      batching: env.BATCHING,
      maxBatchSize: env.MAX_BATCH_SIZE,
      introspection: env.INTROSPECTION ?? process.env.NODE_ENV !== 'production',
    },
    resilience: {
      retries: env.SUBGRAPH_RETRIES,
      retryBaseDelayMs: env.SUBGRAPH_RETRY_DELAY_MS,
      breakerFailureThreshold: env.BREAKER_FAILURE_THRESHOLD,
      breakerCooldownMs: env.BREAKER_COOLDOWN_MS,
    },
    corsOrigins: env.CORS_ORIGINS,
    logger: createLogger('gateway', env.LOG_LEVEL),
  });
});
