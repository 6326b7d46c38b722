import { composeServices } from '@apollo/composition';
import { GraphQLError, parse, printSchema, type DocumentNode } from 'graphql';
import type { SubgraphSource } from './content-hash';

export interface CompositionProblem {
  /** Apollo's composition error code (e.g. INVALID_FIELD_SHARING, KEY_INVALID_FIELDS) or INVALID_SDL. */
  code: string;
  message: string;
  locations?: { line: number; column: number }[];
}

export type SdlParseOutcome =
  { status: 'parsed'; document: DocumentNode } | { status: 'invalid'; problem: CompositionProblem };

export type CompositionOutcome =
  | { status: 'composed'; supergraphSdl: string; apiSdl: string; hints: string[] }
  | { status: 'failed'; problems: CompositionProblem[] };

function toProblem(error: GraphQLError): CompositionProblem {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : 'COMPOSITION_ERROR';
  const locations = error.locations?.map(({ line, column }) => ({ line, column }));
  return { code, message: error.message, ...(locations?.length ? { locations } : {}) };
}

export function parseSdl(sdl: string): SdlParseOutcome {
  try {
    return { status: 'parsed', document: parse(sdl) };
  } catch (error) {
    const problem = error instanceof GraphQLError ? toProblem(error) : undefined;
    return {
      status: 'invalid',
      problem: {
        code: 'INVALID_SDL',
        message: `The SDL does not parse: ${(error as Error).message}`,
        ...(problem?.locations ? { locations: problem.locations } : {}),
      },
    };
  }
}

/** Composes subgraphs (in name order, so the same input always gives the same supergraph). */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): CompositionOutcome {
  const services = [...subgraphs]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) }));
  const result = composeServices(services);
  if (result.errors) return { status: 'failed', problems: result.errors.map(toProblem) };
  return {
    status: 'composed',
    supergraphSdl: result.supergraphSdl,
    // What clients see: the supergraph without join/link machinery and inaccessible elements.
    apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
    hints: result.hints.map((hint) => hint.toString()),
  };
}

/**
 * Validates one product's SDL as a federation subgraph on its own, with Apollo's own subgraph validation
 * (directive definitions and arguments, @key field sets, @link imports). Composition validates each
 * subgraph first and only merges when all are valid; errors of that first phase are the ones prefixed with
 * `[<subgraph>]`. Composing the subgraph alone and keeping just those separates problems of the subgraph
 * itself from what only makes sense next to the other products (e.g. @external fields they own).
 */
export function validateSubgraph(source: SubgraphSource): CompositionProblem[] {
  const parsed = parseSdl(source.sdl);
  if (parsed.status === 'invalid') return [parsed.problem];
  const result = composeServices([{ name: source.name, url: source.url, typeDefs: parsed.document }], {
    runSatisfiability: false,
  });
  const prefix = `[${source.name}] `;
  return (result.errors ?? []).filter((error) => error.message.startsWith(prefix)).map(toProblem);
}
