import { z } from 'zod';
import { httpTimeoutsEnv, logLevel, loadConfig, port } from '@mesh/product-kit';

/** The registry's environment, validated once at start-up; every problem is listed at once. */
export const registryEnvSchema = z.object({
  PORT: port(4005),
  ...httpTimeoutsEnv,
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: logLevel,
  /** SQLite file (the default store). Ignored when DATABASE_URL is set. */
  DATABASE_FILE: z.string().min(1).default('data/registry.sqlite'),
  /** postgres://… : use PostgreSQL instead of SQLite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** The admin token; required: there is no default outside `npm start`'s clearly marked dev token. */
  REGISTRY_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** Base of the persistent identifiers (`<url>/products/clinical`); defaults to the listening address. */
  REGISTRY_PUBLIC_URL: z.url().optional(),
  /** The gateway endpoint clients use: the DCAT distribution of every product. */
  GATEWAY_PUBLIC_URL: z.url().default('http://127.0.0.1:4000/graphql'),
  /** Publisher named in the catalogue. */
  CATALOG_PUBLISHER: z.string().min(1).default('FAIR data mesh'),
  /** A breaking change no reported operation used in this many days counts as safe. */
  USAGE_WINDOW_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(2_097_152),
  /** Upper bound of `GET /supergraph?wait=SECONDS`. */
  MAX_LONG_POLL_SECONDS: z.coerce.number().int().min(0).max(600).default(60),
  /**
   * Test-only hook: when set, every publish writes this file from inside its open transaction and waits
   * forever, so a test can kill the process mid-publish. Never set it in production.
   */
  REGISTRY_TEST_PAUSE_FILE: z.string().min(1).optional(),
});
export type RegistryEnv = z.infer<typeof registryEnvSchema>;

export function loadRegistryEnv(env: Record<string, string | undefined> = process.env): RegistryEnv {
  return loadConfig('schema-registry', registryEnvSchema, env);
}
