import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { loadConfig, productEnvSchema } from './config';
import { createLogger } from './logger';
import { runService } from './main';
import { loadProductFiles } from './product-files';
import {
  startProduct,
  type ProductContext,
  type ProductDefinition,
  type ProductServerOptions,
  type RunningProduct,
} from './server';

export interface ProductSpec<TStorage> extends Omit<
  ProductDefinition<TStorage>,
  'name' | 'version' | 'typeDefs' | 'resolvers'
> {
  /** `__dirname` of the product's entry file: package.json and schema.graphql are found from here. */
  dir: string;
  /** Resolver map; typed by the product, checked by buildSubgraphSchema against the SDL. */
  resolvers: object;
}

export interface Product<TStorage> {
  definition: ProductDefinition<TStorage>;
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
    typeDefs: files.typeDefs,
    resolvers: resolvers as GraphQLResolverMap<ProductContext<TStorage>>,
  };
  const start = (options: ProductServerOptions) => startProduct(definition, options);
  return {
    definition,
    defaultPort: files.mesh.port,
    start,
    main() {
      runService(definition.name, async () => {
        const env = loadConfig(
          definition.name,
          productEnvSchema({ port: files.mesh.port, databaseFile: `data/${files.mesh.snapshot}` }),
        );
        return start({
          databaseFile: env.DATABASE_FILE,
          port: env.PORT,
          host: env.HOST,
          maxBodyBytes: env.MAX_BODY_BYTES,
          logger: createLogger(definition.name, env.LOG_LEVEL),
        });
      });
    },
  };
}
