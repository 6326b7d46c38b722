import { join } from 'node:path';
import { createLogger, productServerSettings, publishToRegistry, runService } from '@mesh/product-kit';
import { loadWorkspaceEnv } from './environment';
import { workspaceProduct } from './product';
import { startWorkspace } from './server';

runService(workspaceProduct.name, async () => {
  const env = loadWorkspaceEnv();
  const running = await startWorkspace({
    databaseFile: env.DATABASE_FILE,
    databaseUrl: env.DATABASE_URL,
    port: env.PORT,
    host: env.HOST,
    ...productServerSettings(env),
    logger: createLogger(workspaceProduct.name, env.LOG_LEVEL),
  });
  if (env.REGISTRY_URL) {
    const outcome = await publishToRegistry({
      registryUrl: env.REGISTRY_URL,
      token: env.REGISTRY_TOKEN,
      product: workspaceProduct.name,
      version: workspaceProduct.version,
      dataVersion: running.identity.dataVersion,
      routingUrl: env.PUBLIC_URL ?? running.url,
      serviceUrl: running.url,
      catalogFile: join(workspaceProduct.root, 'catalog.json'),
      apps: [],
      logger: running.logger,
    }).catch(async (error: unknown) => {
      await running.close();
      throw error;
    });
    // A rejected schema never reaches the gateway (it keeps the previous supergraph); say why, keep serving.
    if (outcome.status === 'REJECTED')
      running.logger.error({ code: outcome.code }, `registry rejected the schema: ${outcome.message}`);
    else running.logger.info({ status: outcome.status }, outcome.message);
  }
  return running;
});
