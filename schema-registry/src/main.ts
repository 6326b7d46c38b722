import { createLogger, httpTimeoutsOf, runService } from '@mesh/product-kit';
import { loadRegistryEnv } from './environment';
import { startRegistry } from './server';

runService('schema-registry', async () => {
  const env = loadRegistryEnv();
  return startRegistry({
    port: env.PORT,
    host: env.HOST,
    adminToken: env.REGISTRY_ADMIN_TOKEN,
    databaseFile: env.DATABASE_FILE,
    databaseUrl: env.DATABASE_URL,
    publicUrl: env.REGISTRY_PUBLIC_URL?.replace(/\/$/, ''),
    gatewayPublicUrl: env.GATEWAY_PUBLIC_URL,
    publisher: env.CATALOG_PUBLISHER,
    usageWindowDays: env.USAGE_WINDOW_DAYS,
    usageRetentionDays: env.USAGE_RETENTION_DAYS,
    usageMaxOperations: env.USAGE_MAX_OPERATIONS,
    usageMaxBodyChars: env.USAGE_MAX_BODY_CHARS,
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxJsonDepth: env.MAX_JSON_DEPTH,
    timeouts: httpTimeoutsOf(env),
    maxLongPollSeconds: env.MAX_LONG_POLL_SECONDS,
    testPauseFile: env.REGISTRY_TEST_PAUSE_FILE,
    logger: createLogger('schema-registry', env.LOG_LEVEL),
  });
});
