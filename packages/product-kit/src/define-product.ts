import { join } from 'node:path';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { z } from 'zod';
import { loadConfig, productEnvSchema, productServerSettings } from './config';
import { createLogger } from './logger';
import { runService } from './main';
import { assertProductionSafe } from './production';
import { loadProductFiles } from './product-files';
import { publishToRegistry } from './registry-client';
import {
  startProduct,
  type ProductContext,
  type ProductDefinition,
  type ProductServerOptions,
  type RunningProduct,
} from './server';

export interface ProductSpec<TStorage> extends Omit<
  ProductDefinition<TStorage>,
  'name' | 'version' | 'visibility' | 'typeDefs' | 'resolvers'
> {
  /** `__dirname` of the product's entry file: package.json and schema.graphql are found from here. */
  dir: string;
  /** Resolver map; typed by the product, checked by buildSubgraphSchema against the SDL. */
  resolvers: object;
}

export interface Product<TStorage> {
  definition: ProductDefinition<TStorage>;
  /** The product's package root (where package.json and schema.graphql are). */
  root: string;
  defaultPort: number;
  start(options: ProductServerOptions): Promise<RunningProduct>;
  /** The service entry point: validated environment, start, graceful shutdown on SIGTERM/SIGINT. */
  main(): void;
}

/**
 * Everything a product's `src/index.ts` needs: name, version, default port and snapshot file come from its
 * package.json (`version`, `mesh`), the SDL from schema.graphql.
 */
export function defineProduct<TStorage>(spec: ProductSpec<TStorage>): Product<TStorage> {
  const { dir, resolvers, ...rest } = spec;
  const files = loadProductFiles(dir);
  const definition: ProductDefinition<TStorage> = {
    ...rest,
    name: files.mesh.product,
    version: files.version,
    visibility: files.visibility,
    minCellSize: files.minCellSize,
    typeDefs: files.typeDefs,
    resolvers: resolvers as GraphQLResolverMap<ProductContext<TStorage>>,
  };
  const start = (options: ProductServerOptions) => startProduct(definition, options);
  return {
    definition,
    root: files.root,
    defaultPort: files.mesh.port,
    start,
    main() {
      runService(definition.name, async () => {
        // Checked on the raw environment: the schema's development default must never apply in production.
        assertProductionSafe(definition.name, {
          secrets: { MESH_IDENTITY_SECRET: process.env.MESH_IDENTITY_SECRET },
        });
        const env = loadConfig(
          definition.name,
          productEnvSchema({ port: files.mesh.port, databaseFile: `data/${files.mesh.snapshot}` }).extend({
            /** Schema registry origin: when set, the product publishes itself there once it serves. */
            REGISTRY_URL: z.url().optional(),
            REGISTRY_TOKEN: z.string().min(1).optional(),
            /** The URL the gateway should route to, when not http://HOST:PORT/graphql (e.g. behind a proxy). */
            PUBLIC_URL: z.url().optional(),
            /** Overrides k of disclosure control (catalog.json `disclosure.minCellSize`). */
            DISCLOSURE_MIN_CELL_SIZE: z.coerce.number().int().min(2).optional(),
          }),
        );
        const running = await start({
          databaseFile: env.DATABASE_FILE,
          port: env.PORT,
          host: env.HOST,
          ...productServerSettings(env),
          minCellSize: env.DISCLOSURE_MIN_CELL_SIZE,
          logger: createLogger(definition.name, env.LOG_LEVEL),
        });
        if (env.REGISTRY_URL) {
          const outcome = await publishToRegistry({
            registryUrl: env.REGISTRY_URL,
            token: env.REGISTRY_TOKEN,
            product: definition.name,
            version: definition.version,
            dataVersion: running.identity.dataVersion,
            routingUrl: env.PUBLIC_URL ?? running.url,
            serviceUrl: running.url,
            catalogFile: join(files.root, 'catalog.json'),
            apps: running.apps,
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
    },
  };
}
