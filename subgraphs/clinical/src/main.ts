import { createLogger, loadConfig, productEnvSchema, runService } from '@mesh/product-kit';
import { CLINICAL_DEFAULT_PORT, startClinical } from './index';

runService('clinical', async () => {
  const env = loadConfig(
    'clinical',
    productEnvSchema({ port: CLINICAL_DEFAULT_PORT, databaseFile: 'data/clinical.sqlite' }),
  );
  return startClinical({
    databaseFile: env.DATABASE_FILE,
    port: env.PORT,
    host: env.HOST,
    maxBodyBytes: env.MAX_BODY_BYTES,
    logger: createLogger('clinical', env.LOG_LEVEL),
  });
});
