/**
 * Production mode (`NODE_ENV=production`): every service refuses to start on a setup that is only safe on a
 * laptop. Secrets are compared by value against every development default this project publishes — a
 * variable that is *set* to a published default is as unsafe as one left unset.
 */

/** Every development default secret this project publishes (in code, docs or `npm start`). Never deploy them. */
export const PUBLISHED_DEV_SECRETS = Object.freeze({
  /** The gateway's HS256 key of the development identity provider (`POST /auth/login`). */
  DEV_JWT_SECRET: 'dev-only-jwt-secret-NOT-FOR-PRODUCTION',
  /** The gateway → product identity header key. */
  DEV_IDENTITY_SECRET: 'dev-only-identity-secret-NOT-FOR-PRODUCTION',
  /** The schema registry's admin token that `npm start` uses when REGISTRY_ADMIN_TOKEN is unset. */
  DEV_ADMIN_TOKEN: 'dev-only-admin-token-NOT-FOR-PRODUCTION',
  /** The demo users' password. */
  DEMO_PASSWORD: 'demo',
});

const DEV_VALUES: ReadonlySet<string> = new Set<string>(Object.values(PUBLISHED_DEV_SECRETS));

export function isProduction(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/** True when `value` is one of the published development secrets (exact match after trimming). */
export function isPublishedDevSecret(value: string | undefined | null): boolean {
  return typeof value === 'string' && DEV_VALUES.has(value.trim());
}

export class ProductionConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(
      `${service} refuses to start with NODE_ENV=production:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ProductionConfigError';
  }
}

export interface ProductionCheck {
  /** Secrets by variable name: each must be set and must not be a published development default. */
  secrets?: Record<string, string | undefined | null>;
  /** Further problems the service found itself (e.g. "DEMO_SIGN_IN=true: …"). */
  problems?: Array<string | false | null | undefined>;
}

/** Every production problem at once (empty outside production), each naming the variable to fix. */
export function productionProblems(
  check: ProductionCheck,
  env: Record<string, string | undefined> = process.env,
): string[] {
  if (!isProduction(env)) return [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(check.secrets ?? {})) {
    if (value === undefined || value === null || value.trim() === '')
      problems.push(`${name} is not set: set it to a secret of your own (at least 32 random characters).`);
    else if (isPublishedDevSecret(value))
      problems.push(`${name} equals a published development default: set it to a secret of your own.`);
  }
  for (const problem of check.problems ?? []) if (problem) problems.push(problem);
  return problems;
}

/** Throws a ProductionConfigError listing every problem; a no-op outside production. */
export function assertProductionSafe(
  service: string,
  check: ProductionCheck,
  env: Record<string, string | undefined> = process.env,
): void {
  const problems = productionProblems(check, env);
  if (problems.length > 0) throw new ProductionConfigError(service, problems);
}
