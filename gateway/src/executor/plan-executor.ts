import type { GraphQLDataSource } from '@apollo/gateway/dist/datasources/types';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Logger } from '@mesh/product-kit';
import { documentBytes, ENTRY_BASE_BYTES, planBytes, type CacheStats } from '../bounded-cache';
import { variableErrors } from '../variable-errors';
import { wrapExecutor } from '../wrap-executor';
import { executeNode, type ExecutionState } from './execute-plan';
import { CompiledShape } from './shape';

/**
 * The gateway's own executor of Apollo query plans. Apollo Gateway's executor rebuilds the operation from
 * the document, opens tracing spans and re-walks the operation through schema objects on every request;
 * here each operation is prepared once — its plan (Apollo's query planner, unchanged) and a compiled
 * result shape — and cached per supergraph. Operations it does not run itself go to Apollo's executor:
 * introspection, subscriptions, @defer, plans with data rewrites (@interfaceObject, @context), the query-plan
 * debug header, and anything the preparation cannot handle.
 */

interface Prepared {
  plan: QueryPlan;
  shape: CompiledShape;
  operation: OperationDefinitionNode;
  /** Default values of the operation's variables (for `@skip`/`@include` on defaulted variables). */
  defaults: Record<string, unknown> | null;
  size: number;
}

type CacheEntry = Prepared | 'delegate';

/**
 * Least-recently-used cache bounded by the estimated heap bytes of its entries (../bounded-cache.ts: the
 * estimates are calibrated against measured heap use). An entry larger than the whole cache is not kept.
 */
export class PlanCache {
  private readonly entries: LRUCache<string, CacheEntry>;

  constructor(readonly maxBytes: number) {
    this.entries = new LRUCache<string, CacheEntry>({ maxSize: maxBytes });
  }

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CacheEntry, size: number): void {
    // lru-cache keeps the old size when the value is the same ('delegate'): replace, don't update.
    this.entries.delete(key);
    if (size <= this.maxBytes) this.entries.set(key, value, { size: Math.max(1, Math.ceil(size)) });
  }

  get size(): number {
    return this.entries.size;
  }

  stats(): CacheStats {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize, maxBytes: this.maxBytes };
  }
}

interface Generation {
  apiSchema: GraphQLSchema;
  federationApiSchema: Schema;
  planner: QueryPlanner;
  supergraph: Supergraph;
  services: Map<string, GraphQLDataSource>;
  supergraphSchema: () => GraphQLSchema;
  cache: PlanCache;
}

export interface PlanExecutorStats {
  /** Operations run by this executor. */
  executed: number;
  /** Operations handed to Apollo Gateway's executor. */
  delegated: number;
  /** Operations prepared (planned and compiled); the rest came from the cache. */
  prepared: number;
}

export interface PlanExecutorOptions {
  /** Builds a product's data source (same as the gateway's `buildService`). */
  buildService: (definition: { name: string; url: string }) => GraphQLDataSource;
  /** Approximate size of the prepared-operation cache per supergraph, MiB. */
  cacheMiB?: number;
  logger?: Logger;
}

const QUERY_PLAN_DEBUG_HEADER = 'apollo-query-plan-experimental';

function supported(node: PlanNode | undefined): boolean {
  if (!node) return true;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(supported);
    case 'Flatten':
      return supported(node.node);
    case 'Condition':
      return supported(node.ifClause) && supported(node.elseClause);
    case 'Fetch':
      return !node.inputRewrites?.length && !node.outputRewrites?.length && !node.contextRewrites?.length;
    default:
      return false;
  }
}

function defaultsOf(operation: OperationDefinitionNode): Record<string, unknown> | null {
  let defaults: Record<string, unknown> | null = null;
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) {
      defaults ??= {};
      defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
    }
  }
  return defaults;
}

export function createPlanExecutor(options: PlanExecutorOptions) {
  const generations = new WeakMap<GraphQLSchema, Generation>();
  let latest: Generation | undefined;
  const stats: PlanExecutorStats = { executed: 0, delegated: 0, prepared: 0 };
  const maxBytes = (options.cacheMiB ?? 30) * 1024 * 1024;

  /** Called on every supergraph load or update, with the API schema requests will be validated against. */
  function load(coreSupergraphSdl: string, apiSchema: GraphQLSchema): void {
    try {
      const supergraph = Supergraph.build(coreSupergraphSdl);
      const services = new Map<string, GraphQLDataSource>();
      for (const { name, url } of supergraph.subgraphsMetadata()) {
        services.set(name, options.buildService({ name, url }));
      }
      let supergraphSchema: GraphQLSchema | undefined;
      latest = {
        apiSchema,
        federationApiSchema: supergraph.apiSchema(),
        planner: new QueryPlanner(supergraph),
        supergraph,
        services,
        supergraphSchema: () => (supergraphSchema ??= supergraph.schema.toGraphQLJSSchema()),
        cache: new PlanCache(maxBytes),
      };
      generations.set(apiSchema, latest);
    } catch (error) {
      // Apollo's executor keeps answering for this supergraph.
      options.logger?.warn({ err: error }, 'plan executor could not load the supergraph; Apollo executes it');
    }
  }

  function prepare(
    generation: Generation,
    document: DocumentNode,
    operationName: string | undefined,
  ): CacheEntry {
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === 'subscription') return 'delegate';
    const fragments = document.definitions.filter(
      (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
    );
    const shape = new CompiledShape(generation.apiSchema, operation, fragments);
    if (shape.introspects) return 'delegate';
    const plan = generation.planner.buildQueryPlan(
      operationFromDocument(generation.federationApiSchema, document, { operationName }),
    );
    if (!supported(plan.node as PlanNode | undefined)) return 'delegate';
    return {
      plan,
      shape,
      operation,
      defaults: defaultsOf(operation),
      // The entry keeps the whole document alive (its operation's locations reach every token).
      size: documentBytes(document) + planBytes(plan),
    };
  }

  async function run(
    generation: Generation,
    prepared: Prepared,
    requestContext: GatewayGraphQLRequestContext,
  ): Promise<GatewayExecutionResult> {
    const definitions = prepared.operation.variableDefinitions ?? [];
    if (definitions.length > 0) {
      const invalid = variableErrors(generation.apiSchema, definitions, requestContext.request);
      if (invalid) return { errors: [...invalid] };
    }
    const errors: GraphQLError[] = [];
    const data = Object.create(null) as Record<string, unknown>;
    const node = prepared.plan.node as PlanNode | undefined;
    if (node) {
      const state: ExecutionState = {
        services: generation.services,
        requestContext,
        supergraphSchema: generation.supergraphSchema,
        defaults: prepared.defaults,
        errors,
      };
      await executeNode(state, node, { path: [], data, fullResult: data });
    }
    const variables = prepared.defaults
      ? { ...prepared.defaults, ...requestContext.request.variables }
      : (requestContext.request.variables ?? {});
    let shaped;
    try {
      shaped = prepared.shape.shape(data, variables);
    } catch (error) {
      return {
        errors: [
          error instanceof GraphQLError
            ? error
            : new GraphQLError((error as Error).message, { originalError: error as Error }),
        ],
      };
    }
    if (errors.length === 0 && shaped.errors.length > 0) {
      return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
    }
    return errors.length === 0 ? { data: shaped.data } : { errors, data: shaped.data };
  }

  function wrap(fallback: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const generation = generations.get(requestContext.schema);
      if (!generation || requestContext.request.http?.headers.get(QUERY_PLAN_DEBUG_HEADER)) {
        stats.delegated += 1;
        return fallback(requestContext);
      }
      const operationName = requestContext.request.operationName ?? undefined;
      const key = `${requestContext.queryHash}\u0000${operationName ?? ''}`;
      let entry = generation.cache.get(key);
      if (!entry) {
        stats.prepared += 1;
        try {
          entry = prepare(generation, requestContext.document, operationName);
        } catch (error) {
          // Apollo's executor answers it (and words its errors, e.g. of planning).
          options.logger?.debug({ err: error, operationName }, 'operation handed to Apollo executor');
          entry = 'delegate';
        }
        generation.cache.set(
          key,
          entry,
          (entry === 'delegate' ? ENTRY_BASE_BYTES : entry.size) + 2 * key.length,
        );
      }
      if (entry === 'delegate') {
        stats.delegated += 1;
        return fallback(requestContext);
      }
      stats.executed += 1;
      return run(generation, entry, requestContext);
    };
  }

  /** Entries and estimated bytes of the current supergraph's cache. */
  const cacheStats = (): CacheStats => latest?.cache.stats() ?? { entries: 0, bytes: 0, maxBytes };

  return { load, wrap, stats, cacheStats };
}

export type PlanExecutor = ReturnType<typeof createPlanExecutor>;

/** A gateway whose operations run on `executor`, falling back to the inner gateway's own executor. */
export function planExecutingGateway(inner: GatewayInterface, executor: PlanExecutor): GatewayInterface {
  inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) =>
    executor.load(coreSupergraphSdl, apiSchema),
  );
  return wrapExecutor(inner, executor.wrap);
}
