import { GraphQLDataSourceRequestKind, type GraphQLDataSource } from '@apollo/gateway/dist/datasources/types';
import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import { type FetchNode, type PlanNode, type QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import {
  GraphQLError,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';

/**
 * Runs the fetch nodes of an Apollo query plan (Sequence, Parallel, Flatten, Fetch, Condition) and merges
 * the products' answers into one tree, the way @apollo/gateway's `executeQueryPlan` does — same fetches,
 * same representations, same merge and same error paths — without its per-request operation rebuild,
 * tracing spans and usage-trace bookkeeping. Plans with @defer, subscriptions or data rewrites are not
 * handed here (see plan-executor.ts).
 */

type Data = Record<string, unknown>;
type Path = (string | number)[];

interface Cursor {
  path: Path;
  data: unknown;
  fullResult: Data;
}

export interface ExecutionState {
  services: ReadonlyMap<string, GraphQLDataSource>;
  requestContext: GatewayGraphQLRequestContext;
  /** The supergraph (graphql-js) for type conditions of `requires`. */
  supergraphSchema: () => GraphQLSchema;
  /** Default values of the operation's variables. */
  defaults: Record<string, unknown> | null;
  errors: GraphQLError[];
}

function isObject(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** @apollo/gateway's deepMerge: objects merge, equal-length lists merge element-wise, the rest replaces. */
export function deepMerge(target: Data, source: Data | null | undefined): Data {
  if (source === undefined || source === null) return target;
  // Product answers are plain JSON objects: for-in sees exactly their own keys.
  for (const key in source) {
    const value = source[key];
    if (value === undefined) continue;
    let existing = target[key];
    // A key Object.prototype also has (`constructor`, `__proto__`…) becomes an own property first.
    if ((typeof existing === 'function' || key === '__proto__') && !hasOwn(target, key)) {
      Object.defineProperty(target, key, {
        configurable: true,
        enumerable: true,
        value: undefined,
        writable: true,
      });
      existing = undefined;
    }
    if (existing && isObject(value)) {
      deepMerge(existing as Data, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i] as Data, value[i] as Data);
        else existing[i] = value[i];
      }
    } else {
      target[key] = value;
    }
  }
  return target;
}

/** A Condition node's variable (@skip/@include on a fetch), as the query planner's evaluateCondition reads it. */
function conditionHolds(state: ExecutionState, variable: string): boolean {
  const values = state.requestContext.request.variables;
  let value = values && hasOwn(values, variable) ? values[variable] : undefined;
  if (value === undefined) value = state.defaults?.[variable];
  if (value === undefined) throw new Error(`Missing value for variable $${variable} (and no default found)`);
  if (typeof value !== 'boolean') {
    throw new Error(`Invalid non-boolean value ${String(value)} for Boolean! variable $${variable}`);
  }
  return value;
}

export async function executeNode(
  state: ExecutionState,
  node: PlanNode,
  cursor: Cursor | undefined,
): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(state, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(state, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(state, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(state, node, cursor);
      } catch (error) {
        state.errors.push(error as GraphQLError);
      }
      return;
    case 'Condition': {
      const branch = conditionHolds(state, node.condition) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(state, branch, cursor);
      return;
    }
    case 'Defer':
      throw new Error('@defer plans are not executed here');
  }
}

async function executeFetch(state: ExecutionState, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = state.services.get(fetch.serviceName);
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities: Data[] = Array.isArray(cursor.data)
    ? (cursor.data.filter((entity) => entity !== null && entity !== undefined) as Data[])
    : [cursor.data as Data];
  if (entities.length < 1) return;

  const variables: Data = Object.create(null) as Data;
  const provided = state.requestContext.request.variables;
  if (fetch.variableUsages && provided) {
    for (const name of fetch.variableUsages) {
      if (hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    }
  }

  const send = async (fetchVariables: Data): Promise<Data | null | undefined> => {
    const response = await service.process({
      kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
      request: { query: fetch.operation, variables: fetchVariables, operationName: fetch.operationName },
      incomingRequestContext: state.requestContext,
      context: state.requestContext.context,
      document: fetch.operationDocumentNode,
      pathInIncomingRequest: cursor.path,
    });
    if (response.errors) {
      const pathOf = lazyErrorPaths(fetch, cursor);
      for (const error of response.errors)
        state.errors.push(downstreamServiceError(error, fetch.serviceName, pathOf));
    }
    return response.data as Data | null | undefined;
  };

  if (!fetch.requires) {
    const received = await send(variables);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }

  const representations: Data[] = [];
  const representationToEntity: number[] = [];
  const supergraph = state.supergraphSchema;
  for (let index = 0; index < entities.length; index++) {
    const representation = selectRepresentation(supergraph, entities[index]!, fetch.requires);
    if (representation && representation.__typename) {
      representations.push(representation);
      representationToEntity.push(index);
    }
  }
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  const received = await send({ ...variables, representations });
  if (!received) return;
  const receivedEntities = received._entities;
  if (!Array.isArray(receivedEntities))
    throw new Error('Expected "data._entities" in response to be an array');
  if (receivedEntities.length !== representations.length) {
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  }
  // As in @apollo/gateway: indexes run over the entities, not the representations.
  for (let i = 0; i < entities.length; i++) {
    const receivedEntity = receivedEntities[i] as Data | null | undefined;
    const existing = entities[representationToEntity[i]!];
    if (receivedEntity && !receivedEntity.__typename) receivedEntity.__typename = existing?.__typename;
    deepMerge(existing!, receivedEntity);
  }
}

/** The key fields (`requires`) of one entity; null when the entity lacks one of them. */
function selectRepresentation(
  supergraph: () => GraphQLSchema,
  source: unknown,
  selections: readonly QueryPlanSelectionNode[],
): Data | null {
  if (source === null) return null;
  const object = source as Data;
  const result: Data = Object.create(null) as Data;
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const responseName = selection.alias ?? selection.name;
      const sub = selection.selections;
      if (!hasOwn(object, responseName) || object[responseName] === undefined) return null;
      const value = object[responseName];
      if (Array.isArray(value)) {
        result[responseName] = value.map((element) =>
          sub ? selectRepresentation(supergraph, element, sub) : element,
        );
      } else if (sub) {
        result[responseName] = selectRepresentation(supergraph, value, sub);
      } else {
        result[responseName] = value;
      }
    } else {
      if (!selection.typeCondition || !object) continue;
      if (isObjectOfType(supergraph, object, selection.typeCondition)) {
        deepMerge(result, selectRepresentation(supergraph, object, selection.selections));
      }
    }
  }
  return result;
}

function isObjectOfType(supergraph: () => GraphQLSchema, object: Data, typeCondition: string): boolean {
  const typename = object.__typename;
  if (typeof typename !== 'string') return false;
  if (typename === typeCondition) return true;
  const schema = supergraph();
  const type = schema.getType(typename);
  const conditional = schema.getType(typeCondition);
  if (!type || !conditional) return false;
  return (
    isAbstractType(conditional) &&
    (isObjectType(type) || isInterfaceType(type)) &&
    schema.isSubType(conditional, type)
  );
}

function moveIntoCursor(cursor: Cursor, path: Path): Cursor | undefined {
  const data = flattenResultsAtPath(cursor.data, path, 0);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

function flattenResultsAtPath(value: unknown, path: Path, index: number): unknown {
  if (index === path.length) return value;
  if (value === undefined || value === null) return value;
  const current = path[index];
  if (current === '@') {
    if (!Array.isArray(value)) return (value as unknown[]).flatMap(() => []); // throws, as Apollo's does
    // flatMap without its callback and intermediate arrays: lists at the end of the path are spread too.
    const flattened: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const result = flattenResultsAtPath(value[i], path, index + 1);
      if (Array.isArray(result)) for (let j = 0; j < result.length; j++) flattened.push(result[j]);
      else flattened.push(result);
    }
    return flattened;
  }
  if (typeof current !== 'string') throw new Error(`Unexpected ${typeof current} found in path`);
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
  const object = value as Data;
  return flattenResultsAtPath(hasOwn(object, current) ? object[current] : undefined, path, index + 1);
}

/** Maps an error path of a product's answer to the client's answer (`_entities` indexes to real paths). */
function lazyErrorPaths(
  fetch: FetchNode,
  cursor: Cursor,
): (errorPath: readonly (string | number)[] | undefined) => Path | undefined {
  let hydrated: Path[] | undefined;
  return (errorPath) => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        hydratePaths([], cursor.path, 0, cursor.fullResult, hydrated);
      }
      return [...(hydrated[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath] : undefined;
  };
}

function hydratePaths(parent: Path, path: Path, index: number, data: unknown, result: Path[]): void {
  if (data == null) return;
  const head = path[index];
  if (head == null) {
    result.push(parent.slice());
  } else if (head === '@') {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    data.forEach((value, i) => {
      parent.push(i);
      hydratePaths(parent, path, index + 1, value, result);
      parent.pop();
    });
  } else if (typeof head === 'string') {
    if (Array.isArray(data)) {
      data.forEach((value, i) => {
        parent.push(i);
        hydratePaths(parent, path, index, value, result);
        parent.pop();
      });
    } else if (hasOwn(data as Data, head)) {
      parent.push(head);
      hydratePaths(parent, path, index + 1, (data as Data)[head], result);
      parent.pop();
    }
  } else {
    throw new Error(`unknown path part "${String(head)}"`);
  }
}

function downstreamServiceError(
  original: GraphQLFormattedError,
  serviceName: string,
  pathOf: (errorPath: readonly (string | number)[] | undefined) => Path | undefined,
): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = {
    originalError: original as Error,
    path: pathOf(original.path),
    extensions: { ...original.extensions, serviceName },
  };
  const codeDef = errorCodeDef(original);
  if (!codeDef && original.extensions?.code) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}
