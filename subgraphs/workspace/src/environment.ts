import { assertProductionSafe, loadConfig, productEnvSchema } from '@mesh/product-kit';
import { z } from 'zod';
import { workspaceProduct } from './product';

/** The workspace's environment: the settings of every product, plus its store and self-publishing. */
export const workspaceEnvSchema = productEnvSchema({
  port: workspaceProduct.defaultPort,
  databaseFile: workspaceProduct.defaultDatabaseFile,
}).extend({
  /** postgres://… : keep the store in PostgreSQL instead of the DATABASE_FILE SQLite file. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** Schema registry origin: when set, the workspace publishes itself there once it serves. */
  REGISTRY_URL: z.url().optional(),
  REGISTRY_TOKEN: z.string().min(1).optional(),
  /** The URL the gateway should route to, when not http://HOST:PORT/graphql (e.g. behind a proxy). */
  PUBLIC_URL: z.url().optional(),
});
export type WorkspaceEnv = z.infer<typeof workspaceEnvSchema>;

/**
 * Validates the environment once; every problem is listed at once (ConfigError). In production the
 * development identity secret (the schema's default) is refused, set or not (ProductionConfigError).
 */
export function loadWorkspaceEnv(env: Record<string, string | undefined> = process.env): WorkspaceEnv {
  assertProductionSafe(
    workspaceProduct.name,
    { secrets: { MESH_IDENTITY_SECRET: env.MESH_IDENTITY_SECRET } },
    env,
  );
  return loadConfig(workspaceProduct.name, workspaceEnvSchema, env);
}
