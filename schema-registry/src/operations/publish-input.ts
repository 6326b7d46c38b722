import { z } from 'zod';
import { catalogMetadata } from '../composition/catalog-metadata';
import { validateSubgraph } from '../composition/compose';
import { parseSemVer } from '../composition/semver';
import { badInput, RegistryError, RegistryErrorCode } from '../errors';

export const productName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_-]{0,62}$/,
    'must be lower-case letters, digits, - or _, starting with a letter (at most 63)',
  );
const semver = z
  .string()
  .refine((value) => parseSemVer(value) !== null, 'must be a semantic version such as 1.4.0');
const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((value) => value || null);

/** Every change that can break clients (publish, rollback, retire) takes the same override. */
export const forceFields = {
  force: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
  reason: optionalText(2000),
};

export const publishInput = z.object({
  product: productName,
  routingUrl: z.url({
    protocol: /^https?$/,
    error: "must be an http(s) URL of the product's GraphQL endpoint",
  }),
  sdl: z.string().min(1, 'must not be empty'),
  version: semver,
  dataVersion: optionalText(128),
  gitCommit: optionalText(64),
  gitAuthor: optionalText(256),
  catalog: catalogMetadata.nullish().transform((value) => value ?? null),
  ...forceFields,
});
export type PublishInput = z.infer<typeof publishInput>;

export const checkInput = publishInput.extend({
  routingUrl: publishInput.shape.routingUrl.nullish().transform((value) => value ?? null),
  version: semver.nullish().transform((value) => value ?? null),
});
export type CheckInput = z.infer<typeof checkInput>;

/** Parses an input or throws BAD_USER_INPUT listing every problem, with the field at fault. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    field: issue.path.join('.'),
    message: issue.message,
  }));
  throw badInput(`Invalid input: ${problems.map((p) => `${p.field || 'input'} ${p.message}`).join('; ')}.`, {
    problems,
  });
}

export function requireReasonWithForce(input: { force: boolean; reason: string | null }): void {
  if (input.force && !input.reason) {
    throw badInput('--force needs a --reason: it is recorded in the audit log.', { field: 'reason' });
  }
}

/** The SDL must parse and be a valid federation subgraph on its own before it meets the other products. */
export function assertValidSubgraph(product: string, url: string, sdl: string): void {
  const problems = validateSubgraph({ name: product, url, sdl });
  if (problems.length === 0) return;
  if (problems.length === 1 && problems[0]!.code === 'INVALID_SDL') {
    throw new RegistryError(RegistryErrorCode.InvalidSdl, problems[0]!.message, { problems });
  }
  throw new RegistryError(
    RegistryErrorCode.InvalidSubgraph,
    `The SDL of "${product}" is not a valid federation subgraph: ${problems.map((p) => p.message).join(' ')}`,
    { problems },
  );
}
