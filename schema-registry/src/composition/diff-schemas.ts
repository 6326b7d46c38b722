import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { z } from 'zod';

export const changeCriticality = z.enum(['BREAKING', 'DANGEROUS', 'SAFE']);
export type ChangeCriticality = z.infer<typeof changeCriticality>;

export const usageVerdict = z.object({
  /** True when no reported operation in the usage window touches what the change affects. */
  safe: z.boolean(),
  reason: z.string(),
  operations: z.array(
    z.object({
      hash: z.string(),
      name: z.string().nullable(),
      count: z.number(),
      clients: z.array(z.object({ name: z.string(), version: z.string(), count: z.number() })),
    }),
  ),
});
export type UsageVerdict = z.infer<typeof usageVerdict>;

export const schemaChange = z.object({
  type: z.string(),
  criticality: changeCriticality,
  path: z.string().nullable(),
  message: z.string(),
  reason: z.string().nullable(),
  /** Only on breaking changes: whether clients use what the change breaks. */
  usage: usageVerdict.nullable(),
});
export type SchemaChange = z.infer<typeof schemaChange>;

const CRITICALITY: Record<CriticalityLevel, ChangeCriticality> = {
  [CriticalityLevel.Breaking]: 'BREAKING',
  [CriticalityLevel.Dangerous]: 'DANGEROUS',
  [CriticalityLevel.NonBreaking]: 'SAFE',
};

export function buildApiSchema(apiSdl: string): GraphQLSchema {
  return buildSchema(apiSdl, { assumeValidSDL: true });
}

/**
 * Diffs two public API schemas (what clients query, not the raw supergraph with its join directives) with
 * GraphQL Inspector. `before` is null for the first version of a mesh.
 */
export async function diffApiSchemas(before: string | null, after: string): Promise<SchemaChange[]> {
  const changes = await diff(before === null ? null : buildApiSchema(before), buildApiSchema(after));
  return changes.map((change) => ({
    type: change.type,
    criticality: CRITICALITY[change.criticality.level],
    path: change.path ?? null,
    message: change.message,
    reason: change.criticality.reason ?? null,
    usage: null,
  }));
}
