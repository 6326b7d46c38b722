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
    maxBodyBytes: env.MAX_BODY_BYTES,
    startupTimeoutMs: env.STARTUP_TIMEOUT_MS,
    subgraphTimeoutMs: env.SUBGRAPH_TIMEOUT_MS,
    corsOrigins: env.CORS_ORIGINS,
    logger: createLogger('gateway', env.LOG_LEVEL),
  });
});
