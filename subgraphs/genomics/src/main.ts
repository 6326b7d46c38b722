import { createLogger, loadConfig, productEnvSchema, runService } from '@mesh/product-kit';
import { GENOMICS_DEFAULT_PORT, startGenomics } from './index';

runService('genomics', async () => {
  const env = loadConfig(
    'genomics',
    productEnvSchema({ port: GENOMICS_DEFAULT_PORT, databaseFile: 'data/genomics.sqlite' }),
  );
  return startGenomics({
    databaseFile: env.DATABASE_FILE,
    port: env.PORT,
    host: env.HOST,
    maxBodyBytes: env.MAX_BODY_BYTES,
    logger: createLogger('genomics', env.LOG_LEVEL),
  });
});
