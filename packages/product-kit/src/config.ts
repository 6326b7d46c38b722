import { z } from 'zod';
import { DEV_IDENTITY_SECRET } from './auth/identity-header';

export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once at start-up. Every problem is listed in one error so an operator fixes
 * them all in one go instead of restarting once per mistake.
 */
export function loadConfig<S extends z.ZodType>(
  service: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(environment)';
    return `${key}: ${issue.message} (got ${JSON.stringify(env[key] ?? null)})`;
  });
  throw new ConfigError(service, problems);
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/** Settings every data product understands; a product extends this schema with its own keys. */
export function productEnvSchema(defaults: { port: number; databaseFile: string }) {
  return z.object({
    PORT: port(defaults.port),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_FILE: z.string().min(1).default(defaults.databaseFile),
    LOG_LEVEL: logLevel,
    /** Verifies the caller identity the gateway signs (x-mesh-identity); the same value as the gateway's. */
    MESH_IDENTITY_SECRET: z.string().min(16).default(DEV_IDENTITY_SECRET),
    // Products sit behind the gateway, whose entity fetches carry whole cohorts (id lists); clients meet the gateway limit.
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(16 * 1_048_576),
  });
}
export type ProductEnv = z.infer<ReturnType<typeof productEnvSchema>>;
