import { z } from 'zod';
import { assertProductionSafe, httpTimeoutsEnv, logLevel, loadConfig, port } from '@mesh/product-kit';

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
  /** Usage older than this many days is deleted (periodically and after ingest); keep it ≥ USAGE_WINDOW_DAYS. */
  USAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** At most this many distinct operations are kept; the least recently seen go first. */
  USAGE_MAX_OPERATIONS: z.coerce.number().int().min(100).default(50_000),
  /** An operation text longer than this is stored truncated (its hash and coordinates stay whole). */
  USAGE_MAX_BODY_CHARS: z.coerce.number().int().min(256).max(1_000_000).default(65_536),
});
export type RegistryEnv = z.infer<typeof registryEnvSchema>;

/** Validated settings; with NODE_ENV=production also refuses published dev secrets and test-only hooks. */
export function loadRegistryEnv(env: Record<string, string | undefined> = process.env): RegistryEnv {
  const config = loadConfig('schema-registry', registryEnvSchema, env);
  assertProductionSafe(
    'schema-registry',
    {
      secrets: { REGISTRY_ADMIN_TOKEN: config.REGISTRY_ADMIN_TOKEN },
      problems: [
        config.REGISTRY_TEST_PAUSE_FILE &&
          'REGISTRY_TEST_PAUSE_FILE is set: it is a test-only hook that freezes every publish; unset it.',
        config.USAGE_RETENTION_DAYS < config.USAGE_WINDOW_DAYS &&
          `USAGE_RETENTION_DAYS (${config.USAGE_RETENTION_DAYS}) is shorter than USAGE_WINDOW_DAYS (${config.USAGE_WINDOW_DAYS}): breaking-change checks would miss usage; raise it.`,
      ],
    },
    env,
  );
  return config;
}
