import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Caller } from '@mesh/product-kit';

/** Apollo's persisted query manifest (what `generate-persisted-query-manifest` writes), version 1. */
const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z
    .array(
      z.object({
        id: z.string().regex(/^[0-9a-f]{64}$/, 'is the SHA-256 (hex) of the body'),
        name: z.string().optional(),
        type: z.enum(['query', 'mutation', 'subscription']).optional(),
        body: z.string().min(1),
      }),
    )
    .min(1),
});

export const TrustedDocumentCode = {
  NotInList: 'PERSISTED_QUERY_NOT_IN_LIST',
} as const;

export interface TrustedDocuments {
  /** sha256 (hex) → operation text */
  byHash: Map<string, string>;
  /** Roles that may send any operation (e.g. admin, for the explorer). */
  bypassRoles: readonly string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads and checks a manifest; each operation's id must be the SHA-256 of its body. */
export function loadTrustedDocuments(file: string, bypassRoles: readonly string[]): TrustedDocuments {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS ${file}: cannot read it as JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `TRUSTED_DOCUMENTS ${file} is not an Apollo persisted query manifest (version 1): ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const byHash = new Map<string, string>();
  for (const operation of parsed.data.operations) {
    if (sha256(operation.body) !== operation.id) {
      throw new Error(
        `TRUSTED_DOCUMENTS ${file}: operation ${operation.name ?? operation.id} has an id that is not the SHA-256 of its body`,
      );
    }
    byHash.set(operation.id, operation.body);
  }
  return { byHash, bypassRoles };
}

/**
 * Only operations of the manifest run (sent in full, or as `extensions.persistedQuery.sha256Hash` alone);
 * anything else is refused with PERSISTED_QUERY_NOT_IN_LIST before planning. Callers with a bypass role
 * (the explorer's admins) may send any operation. Works with Apollo's automatic persisted queries: a
 * hash-only request of a listed operation gets its text from the manifest.
 */
export function trustedDocumentsPlugin<TContext extends { caller: Caller }>(
  documents: TrustedDocuments,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      const hash = (request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      if (request.query === undefined && typeof hash === 'string') {
        const body = documents.byHash.get(hash);
        if (body) request.query = body;
      }
      return {
        async didResolveOperation({ source, contextValue }) {
          if (documents.byHash.has(sha256(source))) return;
          if (contextValue.caller.roles.some((role) => documents.bypassRoles.includes(role))) return;
          throw new GraphQLError(
            'This gateway runs only trusted operations (a persisted query manifest), and this one is not in it. Use an operation your app registered, or ask an administrator.',
            { extensions: { code: TrustedDocumentCode.NotInList, http: { status: 403 } } },
          );
        },
      };
    },
  };
}
