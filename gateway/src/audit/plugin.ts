import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Caller } from '@mesh/product-kit';
import { collectCoordinates } from '../usage-coordinates';
import { eventsOf, type AuditEvent } from './events';
import type { FieldProducts } from './field-products';

/** Set on the context of operations another route audits itself (`/export` pages): not recorded twice. */
export const AUDITED_ELSEWHERE = Symbol('audited elsewhere');

export interface AuditContext {
  caller: Caller;
  [AUDITED_ELSEWHERE]?: boolean;
}

/** The coordinates of an operation, cached per (schema, operation): the walk is the costly part. */
export function coordinateCache(max = 2_000) {
  const cache = new Map<string, string[]>();
  let lastSchema: GraphQLSchema | undefined;
  return (schema: GraphQLSchema, key: string, compute: () => string[]) => {
    if (schema !== lastSchema) {
      cache.clear();
      lastSchema = schema;
    }
    let coordinates = cache.get(key);
    if (!coordinates) {
      coordinates = compute();
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(key, coordinates);
    }
    return coordinates;
  };
}

/** Rows per root field: the length of each root list (or connection `nodes`/`edges`) in the answer. */
export function rootRows(
  operation: OperationDefinitionNode | undefined,
  rootType: string | undefined,
  data: Record<string, unknown> | null | undefined,
): Map<string, number> {
  const rows = new Map<string, number>();
  if (!operation || !rootType || !data) return rows;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const value = data[selection.alias?.value ?? selection.name.value] as
      { nodes?: unknown; edges?: unknown } | unknown[] | null | undefined;
    const list = Array.isArray(value)
      ? value
      : value && typeof value === 'object'
        ? [value.nodes, value.edges].find(Array.isArray)
        : undefined;
    if (!list) continue;
    const coordinate = `${rootType}.${selection.name.value}`;
    rows.set(coordinate, (rows.get(coordinate) ?? 0) + list.length);
  }
  return rows;
}

/** Refused coordinates, from the errors authorization adds (`extensions.field`). */
export function refusedOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] {
  return (errors ?? []).flatMap(({ extensions }) =>
    (extensions?.code === 'FORBIDDEN' || extensions?.code === 'UNAUTHENTICATED') &&
    typeof extensions.field === 'string'
      ? [extensions.field]
      : [],
  );
}

export function outcomeOf(data: unknown, errors: readonly unknown[] | undefined): AuditEvent['outcome'] {
  if (!errors?.length) return 'ok';
  return data ? 'partial' : 'error';
}

/** Records one audit event per product each GraphQL operation read, once the answer is ready. */
export function auditPlugin<TContext extends AuditContext>(options: {
  record: (event: AuditEvent) => void;
  fieldProducts: () => FieldProducts;
}): ApolloServerPlugin<TContext> {
  const coordinatesOf = coordinateCache();
  return {
    async requestDidStart() {
      return {
        async willSendResponse({
          contextValue,
          document,
          operation,
          operationName,
          queryHash,
          schema,
          request,
          response,
        }) {
          if (!document || contextValue[AUDITED_ELSEWHERE] || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const coordinates = coordinatesOf(schema, `${queryHash}\u0000${operationName ?? ''}`, () =>
            collectCoordinates(schema, document),
          );
          const rootType =
            operation?.operation === 'mutation'
              ? schema.getMutationType()?.name
              : operation?.operation === 'query'
                ? schema.getQueryType()?.name
                : undefined;
          for (const event of eventsOf({
            caller: contextValue.caller,
            headers: request.http?.headers,
            operationName: operationName ?? null,
            operationHash: queryHash ?? null,
            coordinates,
            refused: refusedOf(errors),
            rows: rootRows(operation, rootType, data),
            outcome: outcomeOf(data, errors),
            fieldProducts: options.fieldProducts(),
          }))
            options.record(event);
        },
      };
    },
  };
}
