import { createHash } from 'node:crypto';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import {
  getNamedType,
  GraphQLError,
  getNullableType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  BREAK,
  visit,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { documentBytes, ENTRY_BASE_BYTES, MIB, type CacheStats } from '../bounded-cache';
import { variableErrors } from '../variable-errors';
import { wrapExecutor } from '../wrap-executor';
import { checkAccess, permissionKey, type AccessPolicy, type Caller, type Denial } from '@mesh/product-kit';

/** Who may introspect the composed schema. */
export type IntrospectionPolicy = 'all' | 'none' | 'authenticated' | { roles: string[] };

export interface DeniedField {
  coordinate: string;
  /** Response keys from the root; `[]` marks a list crossed on the way. */
  path: string[];
  denial: Denial;
}

export interface AuthorizationPlan {
  denied: DeniedField[];
  /** Where the answer gets nulls: the refused fields, or the nearest nullable ancestor of a non-null one. */
  nullAt: string[][];
  /** The operation without the refused fields (fragments inlined); null when nothing is left to execute. */
  document: DocumentNode | null;
  /** Query-plan cache key of the filtered document. */
  queryHash: string;
  /** Set when the whole operation is refused (introspection). */
  refusal?: { code: string; message: string };
}

interface Walk {
  schema: GraphQLSchema;
  policy: AccessPolicy;
  caller: Caller;
  granted: ReadonlySet<string>;
  fragments: Map<string, FragmentDefinitionNode>;
  denied: DeniedField[];
  nullAt: string[][];
}

const TYPENAME_ONLY: SelectionSetNode = {
  kind: Kind.SELECTION_SET,
  selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }],
};

/**
 * Filters a selection set. Returns the kept selections and whether a non-null field was refused in it
 * (then the enclosing field must become null: GraphQL's null propagation).
 */
function filterSelectionSet(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  path: string[],
): { selections: SelectionNode[]; nullsParent: boolean } {
  const selections: SelectionNode[] = [];
  let nullsParent = false;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name.startsWith('__') || !(isObjectType(parentType) || isInterfaceType(parentType))) {
        selections.push(selection);
        continue;
      }
      const fieldDef = parentType.getFields()[name];
      if (!fieldDef) {
        selections.push(selection);
        continue;
      }
      const responseKey = selection.alias?.value ?? name;
      const coordinate = `${parentType.name}.${name}`;
      const fieldPath = [...path, responseKey];
      const denial = checkAccess(walk.caller, coordinate, walk.policy.get(coordinate), walk.granted);
      if (denial) {
        walk.denied.push({ coordinate, path: fieldPath, denial });
        if (isNonNullType(fieldDef.type)) nullsParent = true;
        else walk.nullAt.push(fieldPath);
        continue;
      }
      if (!selection.selectionSet) {
        selections.push(selection);
        continue;
      }
      const innerType = getNamedType(fieldDef.type);
      const innerPath = isListType(getNullableType(fieldDef.type)) ? [...fieldPath, '[]'] : fieldPath;
      if (!isCompositeType(innerType)) {
        selections.push(selection);
        continue;
      }
      const inner = filterSelectionSet(walk, selection.selectionSet, innerType, innerPath);
      if (inner.nullsParent) {
        // The field itself becomes null; the nulls and errors recorded below it stay (errors) / go (nulls).
        walk.nullAt = walk.nullAt.filter((at) => !startsWith(at, fieldPath));
        if (isNonNullType(fieldDef.type)) nullsParent = true;
        else walk.nullAt.push(fieldPath);
        continue;
      }
      selections.push({
        ...selection,
        selectionSet: inner.selections.length
          ? { kind: Kind.SELECTION_SET, selections: inner.selections }
          : TYPENAME_ONLY,
      } satisfies FieldNode);
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments.get(selection.name.value);
      if (!fragment) continue;
      const typeName = fragment.typeCondition?.name.value;
      const fragmentType = typeName ? walk.schema.getType(typeName) : parentType;
      if (!fragmentType || !isCompositeType(fragmentType)) continue;
      const inner = filterSelectionSet(walk, fragment.selectionSet, fragmentType, path);
      if (inner.nullsParent) nullsParent = true;
      if (inner.selections.length === 0) continue;
      selections.push({
        kind: Kind.INLINE_FRAGMENT,
        ...(fragment.typeCondition ? { typeCondition: fragment.typeCondition } : {}),
        directives: fragment.directives,
        selectionSet: { kind: Kind.SELECTION_SET, selections: inner.selections },
      });
    }
  }
  return { selections, nullsParent };
}

function startsWith(path: string[], prefix: string[]): boolean {
  return prefix.every((key, index) => path[index] === key);
}

function selectedOperation(document: DocumentNode, operationName: string | undefined) {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  return operationName ? operations.find((op) => op.name?.value === operationName) : operations[0];
}

/**
 * Whether the operation reads `__schema` or `__type` anywhere: at the root, inside inline fragments
 * (`... on Query { __schema { … } }`) or in named fragments it spreads, however deeply nested.
 */
export function introspects(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const pending: ASTNode[] = [operation];
  const seen = new Set<string>();
  let found = false;
  while (pending.length > 0 && !found) {
    visit(pending.pop()!, {
      Field(node) {
        if (node.name.value === '__schema' || node.name.value === '__type') {
          found = true;
          return BREAK;
        }
        return undefined;
      },
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !seen.has(node.name.value)) {
          seen.add(node.name.value);
          pending.push(fragment);
        }
      },
    });
  }
  return found;
}

function introspectionAllowed(policy: IntrospectionPolicy, caller: Caller): boolean {
  if (policy === 'all') return true;
  if (policy === 'none') return false;
  if (policy === 'authenticated') return caller.kind !== 'anonymous';
  return caller.roles.some((role) => policy.roles.includes(role));
}

/**
 * What a caller may read of one operation: the refused fields, and the document to execute without them.
 * Null when nothing is refused (the common case: the operation runs as sent).
 */
export function planAuthorization(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  queryHash: string,
  policy: AccessPolicy,
  caller: Caller,
  introspection: IntrospectionPolicy = 'all',
): AuthorizationPlan | null {
  const operation = selectedOperation(document, operationName);
  if (!operation) return null;
  if (
    introspection !== 'all' &&
    introspects(document, operation) &&
    !introspectionAllowed(introspection, caller)
  ) {
    return {
      denied: [],
      nullAt: [],
      document: null,
      queryHash,
      refusal: {
        code: caller.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
        message:
          introspection === 'none'
            ? 'Introspection is disabled on this gateway; the schema is in the catalogue and at /supergraph.'
            : `Introspection is open to ${
                introspection === 'authenticated'
                  ? 'signed-in callers'
                  : `the roles ${(introspection as { roles: string[] }).roles.join(', ')}`
              } only; sign in, or read the schema in the catalogue.`,
      },
    };
  }
  if (policy.size === 0) return null;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return null;
  const walk: Walk = {
    schema,
    policy,
    caller,
    granted: new Set(caller.scopes),
    fragments: new Map(
      document.definitions
        .filter(
          (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
        )
        .map((fragment) => [fragment.name.value, fragment]),
    ),
    denied: [],
    nullAt: [],
  };
  const filtered = filterSelectionSet(walk, operation.selectionSet, rootType, []);
  if (walk.denied.length === 0) return null;
  if (filtered.nullsParent) walk.nullAt = [[]]; // a non-null root field was refused: `data` is null
  const executable = !filtered.nullsParent && filtered.selections.length > 0;
  return {
    denied: walk.denied,
    nullAt: walk.nullAt,
    document: executable
      ? {
          kind: Kind.DOCUMENT,
          definitions: [
            { ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections: filtered.selections } },
          ],
        }
      : null,
    queryHash: createHash('sha256')
      .update(queryHash)
      .update('\u0000')
      .update(walk.denied.map((field) => field.path.join('.')).join('\u0000'))
      .digest('hex'),
  };
}

function setNull(value: unknown, path: string[], index: number): void {
  if (value === null || value === undefined) return;
  const key = path[index]!;
  if (key === '[]') {
    if (Array.isArray(value)) for (const item of value) setNull(item, path, index + 1);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  if (index === path.length - 1) record[key] = null;
  else setNull(record[key], path, index + 1);
}

type ExecutionResult = GatewayExecutionResult;

/** Puts the refused fields back as null and adds one error per refused field. */
export function completeAnswer(plan: AuthorizationPlan, result: ExecutionResult): ExecutionResult {
  let data = (result.data ?? (plan.document ? null : {})) as Record<string, unknown> | null;
  for (const path of plan.nullAt) {
    if (path.length === 0) data = null;
    else setNull(data, path, 0);
  }
  const errors = plan.denied.map(
    ({ coordinate, path, denial }) =>
      new GraphQLError(denial.message, {
        // A spec path needs list indices; across lists the field's path is in extensions.responsePath.
        ...(path.includes('[]') ? {} : { path }),
        extensions: {
          code: denial.code,
          field: coordinate,
          responsePath: path.join('.').replaceAll('.[]', '[]'),
          ...(denial.code === 'FORBIDDEN' ? { requiredScopes: denial.requiredScopes } : {}),
        },
      }),
  );
  return { ...result, data, errors: [...(result.errors ?? []), ...errors] };
}

export interface AuthorizationOptions<TContext extends { caller: Caller }> {
  policy: () => { policy: AccessPolicy; generation: number };
  introspection: IntrospectionPolicy;
  callerOf?: (context: TContext) => Caller;
  /** Plans cached per (operation, caller permissions), least recently used out first: at most this many. */
  cacheSize?: number;
  /** ...and at most about this many MiB of heap (a plan that refuses fields keeps a document). */
  cacheMiB?: number;
}

/**
 * Wraps a gateway so every operation is authorized on the composed schema before planning: refused
 * fields are removed from the operation (their products are never asked), come back as null, and carry a
 * FORBIDDEN/UNAUTHENTICATED error naming the field. The rest of the answer is untouched.
 */
export function authorizingGateway<TContext extends { caller: Caller }>(
  inner: GatewayInterface,
  options: AuthorizationOptions<TContext>,
): GatewayInterface & { stats: { planned: number; cached: number }; cacheStats: () => CacheStats } {
  const maxBytes = (options.cacheMiB ?? 16) * MIB;
  // lru-cache keeps no nulls: "nothing refused" is an entry whose plan is null.
  const cache = new LRUCache<string, { plan: AuthorizationPlan | null }>({
    max: options.cacheSize ?? 2_000,
    maxSize: maxBytes,
  });
  const stats = { planned: 0, cached: 0 };
  const callerOf = options.callerOf ?? ((context: TContext) => context.caller);
  const wrap =
    (executor: GatewayExecutor): GatewayExecutor =>
    async (requestContext: GatewayGraphQLRequestContext) => {
      const caller = callerOf(requestContext.context as TContext);
      const { policy, generation } = options.policy();
      const operationName = requestContext.request.operationName ?? undefined;
      const key = `${generation}\u0000${requestContext.queryHash}\u0000${operationName ?? ''}\u0000${permissionKey(caller)}\u0000${caller.roles.join(',')}`;
      let plan = cache.get(key)?.plan;
      if (plan === undefined) {
        stats.planned += 1;
        plan = planAuthorization(
          requestContext.schema,
          requestContext.document,
          operationName,
          requestContext.queryHash,
          policy,
          caller,
          options.introspection,
        );
        // A plan's filtered document shares the request document's nodes, and with them all its tokens.
        const size = 2 * key.length + (plan ? documentBytes(requestContext.document) : ENTRY_BASE_BYTES);
        if (size <= maxBytes) cache.set(key, { plan }, { size });
      } else stats.cached += 1;
      if (!plan) return executor(requestContext);
      // Invalid variables are the request's fault whoever sends it: the gateway's own validation answers
      // them (before any planning or fetch), exactly as without authorization.
      const invalid = variableErrors(
        requestContext.schema,
        requestContext.operation.variableDefinitions ?? [],
        requestContext.request,
      );
      if (invalid?.length) return executor(requestContext);
      if (plan.refusal) {
        return {
          errors: [new GraphQLError(plan.refusal.message, { extensions: { code: plan.refusal.code } })],
        };
      }
      const result = plan.document
        ? await executor({ ...requestContext, document: plan.document, queryHash: plan.queryHash })
        : ({ data: {} } as ExecutionResult);
      return completeAnswer(plan, result);
    };
  const cacheStats = (): CacheStats => ({ entries: cache.size, bytes: cache.calculatedSize, maxBytes });
  return { ...wrapExecutor(inner, wrap), stats, cacheStats };
}
