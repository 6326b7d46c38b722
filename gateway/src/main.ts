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
    corsOrigins: env.CORS_ORIGINS,
    logger: createLogger('gateway', env.LOG_LEVEL),
  });
});
