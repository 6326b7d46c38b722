import { existsSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { computeDataVersion } from './data-version';
import { openSnapshot, type Migration, type SqlStats } from './database';
import { ErrorCode, isClientFacingCode } from './errors';
import { sendJson, startHttpService, type HttpTimeouts, type MethodRoutes, type RequestScope } from './http';
import { PRODUCT_DEFAULTS } from './config';
import {
  costLimitPlugin,
  formatLimitError,
  isLimitCode,
  protectionValidationRules,
  type ProtectionLimits,
} from './protection';
import { createHopAdmission } from './hop-admission';
import {
  analysisTypeDefs,
  applyDisclosureControl,
  checkAppsAgainstSchema,
  DEFAULT_MIN_CELL_SIZE,
  type AppDefinition,
} from './analysis';
import { hashSchema, kitTypeDefs, readSnapshotMetadata, type ProductIdentity } from './identity';
import { createLogger } from './logger';
import { JSONScalar } from './json-scalar';
import { createBulkRoute, type BulkStats, type RowStreams } from './bulk';
import { enforceAccessPolicy, productAccessPolicy, type Caller } from './auth';

export interface ProductContext<TStorage> {
  requestId: string;
  logger: Logger;
  product: ProductIdentity;
  /** Who is asking, as the gateway signed it (anonymous without the header). */
  caller: Caller;
  /** Request-scoped data access (with its DataLoaders); built fresh for each request. */
  storage: TStorage;
}

export interface ProductDefinition<TStorage> {
  name: string;
  title: string;
  description: string;
  version: string;
  /** SPDX license identifier of the served data. */
  license: string;
  /** `private` products serve their data only to callers with the `<name>:read` scope. */
  visibility: 'public' | 'private';
  /** k of disclosure control (catalog.json `disclosure.minCellSize`); DEFAULT_MIN_CELL_SIZE when unsaid. */
  minCellSize?: number;
  /** Provenance of outside data: who publishes it, and where. */
  source?: string;
  sourceUrl?: string;
  /** Builds the snapshot when its file does not exist yet (products that load their own source data). */
  buildSnapshot?: (file: string) => Promise<void>;
  /** The product's SDL (schema.graphql), with its Federation 2 `@link`. */
  typeDefs: string;
  resolvers: GraphQLResolverMap<ProductContext<TStorage>>;
  /**
   * Bulk row streams of root list fields, by field name: served at `POST /bulk` (the gateway's `/export`
   * uses them instead of GraphQL execution when a selection is plain rows). See bulk/row-stream.ts.
   */
  rowStreams?: RowStreams<TStorage>;
  migrations: readonly Migration[];
  /** Tables whose content makes up the data snapshot (hashed into `dataVersion`). */
  dataTables: readonly string[];
  /**
   * Analysis apps, each run by a field of the SDL. Served as metadata through `<name>Product.apps`;
   * a function gets the snapshot's vocabularies (for allowed values) once at start-up.
   */
  apps?: (storage: TStorage) => readonly AppDefinition[];
  /**
   * Called once at start-up (load immutable vocabularies here); returns the factory that builds
   * request-scoped storage, with its DataLoaders, on the shared connection.
   */
  prepareStorage(
    db: Knex,
    snapshot: Record<string, string>,
  ): Promise<(scope: { logger: Logger }) => TStorage>;
}

export interface ProductServerOptions {
  databaseFile: string;
  port: number;
  host: string;
  /** Body limit of direct callers (PRODUCT_DEFAULTS.maxBodyBytes: the gateway's client limit). */
  maxBodyBytes?: number;
  /** Body limit of verified gateway hops (entity fetches carry whole cohorts). */
  gatewayMaxBodyBytes?: number;
  maxJsonDepth?: number;
  /** Secret of the gateway-signed identity header; DEV_IDENTITY_SECRET when unset. */
  identitySecret?: string;
  identityClockSkewSeconds?: number;
  identityMaxLifetimeSeconds?: number;
  /** Overrides the catalogue's k of disclosure control (DISCLOSURE_MIN_CELL_SIZE). */
  minCellSize?: number;
  /** Query limits (PRODUCT_DEFAULTS.limits), for every caller. */
  limits?: Partial<ProtectionLimits>;
  timeouts?: Partial<HttpTimeouts>;
  logger?: Logger;
}

export interface ProductStats {
  sql: SqlStats;
  requests: number;
  /** Requests whose operation selects `_entities`: a gateway's entity fetches. */
  entityRequests: number;
  /** `POST /bulk` row streams: started, completed, aborted by the client, failed; rows written. */
  bulk: BulkStats;
}

export interface RunningProduct {
  identity: ProductIdentity;
  /** The GraphQL endpoint URL. */
  url: string;
  origin: string;
  stats: ProductStats;
  logger: Logger;
  /** The product's app metadata, as `<name>Product.apps` serves it (and the registry catalogue lists it). */
  apps: ReturnType<typeof viewApps>;
  close(): Promise<void>;
}

function selectsEntities(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some(
    (selection) => selection.kind === Kind.FIELD && selection.name.value === '_entities',
  );
}

/**
 * One bad argument on a field resolved for 1,000 entities would otherwise produce 1,000 identical errors.
 * Input errors with the same message are reported once, with the first path and an occurrence count.
 */
export function collapseRepeatedInputErrors<
  E extends { message: string; extensions?: Record<string, unknown> },
>(errors: readonly E[]): E[] {
  const seen = new Map<string, E>();
  const kept: E[] = [];
  for (const error of errors) {
    if (error.extensions?.code !== ErrorCode.BadUserInput) {
      kept.push(error);
      continue;
    }
    const first = seen.get(error.message);
    if (first) {
      first.extensions = { ...first.extensions, occurrences: Number(first.extensions?.occurrences ?? 1) + 1 };
      continue;
    }
    seen.set(error.message, error);
    kept.push(error);
  }
  return kept;
}

/** The product's kit types, in the same module layout the running product uses. */
function subgraphModules<TStorage>(definition: ProductDefinition<TStorage>) {
  return [
    { typeDefs: parse(definition.typeDefs), resolvers: definition.resolvers },
    { typeDefs: parse(`${kitTypeDefs(definition.name)}\n${analysisTypeDefs}`) },
  ];
}

/**
 * The full subgraph SDL the product serves (its schema.graphql plus the kit's shared types), without a
 * database: what a product team checks or publishes from CI (`npm run print-schema -- <product>`).
 */
export function printProductSdl<TStorage>(definition: ProductDefinition<TStorage>): string {
  return printSubgraphSchema(buildSubgraphSchema(subgraphModules(definition)));
}

function viewApps(product: string, apps: readonly AppDefinition[]) {
  return apps.map((app) => ({
    ...app,
    id: `${product}.${app.name}`,
    product,
    parameters: app.parameters.map((parameter) => ({ ...parameter, required: parameter.type.endsWith('!') })),
  }));
}

function productPlugin(
  identity: ProductIdentity,
  stats: ProductStats,
): ApolloServerPlugin<ProductContext<unknown>> {
  return {
    async requestDidStart() {
      stats.requests += 1;
      return {
        async didResolveOperation({ operation }) {
          if (operation && selectsEntities(operation)) stats.entityRequests += 1;
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (!(original instanceof GraphQLError)) {
              contextValue.logger.error({ err: original, path: error.path }, 'resolver failed');
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            dataProduct: {
              name: identity.name,
              version: identity.version,
              dataVersion: identity.dataVersion,
            },
          };
          if (result.errors) result.errors = collapseRepeatedInputErrors(result.errors);
          for (const error of result.errors ?? []) {
            if (error.extensions?.code === ErrorCode.Internal) {
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
        },
      };
    },
  };
}

/**
 * Boots a data product: opens its snapshot read-only, hashes it into `dataVersion`, builds the subgraph
 * schema (product SDL + the kit's shared types) and serves it with /health and /ready.
 */
export async function startProduct<TStorage>(
  definition: ProductDefinition<TStorage>,
  options: ProductServerOptions,
): Promise<RunningProduct> {
  const logger = options.logger ?? createLogger(definition.name);
  const hint =
    'Generate demo data with `npm run generate-data` (or `npm start`, which does it on first run).';
  if (definition.buildSnapshot && !existsSync(options.databaseFile)) {
    logger.info({ file: options.databaseFile }, 'building snapshot from source data');
    await definition.buildSnapshot(options.databaseFile);
  }
  const { db, stats: sql } = await openSnapshot({
    file: options.databaseFile,
    migrations: definition.migrations,
    logger: logger.child({ module: 'database' }),
    hint,
  });
  const snapshot = await readSnapshotMetadata(db);
  const createStorage = await definition.prepareStorage(db, snapshot);
  const started = Date.now();
  const dataVersion = computeDataVersion(options.databaseFile, definition.dataTables);
  logger.info({ dataVersion, ms: Date.now() - started }, 'hashed data snapshot');

  const identity: ProductIdentity = {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    version: definition.version,
    schemaHash: hashSchema(definition.typeDefs),
    dataVersion,
    license: definition.license,
    visibility: definition.visibility,
    source: definition.source ?? null,
    sourceUrl: definition.sourceUrl ?? null,
    snapshotDate: snapshot.snapshot_date ?? null,
    startedAt: new Date().toISOString(),
  };
  const apps = definition.apps?.(createStorage({ logger })) ?? [];
  const appProblems = checkAppsAgainstSchema(definition.typeDefs, apps);
  if (appProblems.length > 0) {
    throw new Error(
      `${definition.name}: app metadata does not match the schema:\n  - ${appProblems.join('\n  - ')}`,
    );
  }
  const appsView = viewApps(definition.name, apps);
  const [productModule, kitModule] = subgraphModules(definition);
  const schema = buildSubgraphSchema([
    productModule!,
    {
      typeDefs: kitModule!.typeDefs,
      resolvers: {
        JSON: JSONScalar,
        Query: { [`${definition.name}Product`]: () => ({ ...identity, apps: appsView }) },
      },
    },
  ]);
  // The second layer of authorization: a direct call (including `_entities`) meets the same rules.
  const policy = productAccessPolicy(parse(definition.typeDefs), {
    product: definition.name,
    visibility: definition.visibility,
  });
  enforceAccessPolicy(schema, policy);
  applyDisclosureControl(schema, apps, {
    product: definition.name,
    visibility: definition.visibility,
    minCellSize: options.minCellSize ?? definition.minCellSize ?? DEFAULT_MIN_CELL_SIZE,
  });
  const hops = createHopAdmission(definition.name, options);
  const limits: ProtectionLimits = { ...PRODUCT_DEFAULTS.limits, service: 'this product', ...options.limits };
  sql.statements = 0;
  const stats: ProductStats = {
    sql,
    requests: 0,
    entityRequests: 0,
    bulk: { started: 0, completed: 0, aborted: 0, failed: 0, rows: 0 },
  };
  const apollo = new ApolloServer<ProductContext<TStorage>>({
    // runService owns SIGTERM/SIGINT: Apollo must not stop (and re-raise the signal) on its own.
    stopOnTerminationSignals: false,
    // Compact JSON: Apollo pretty-prints by default, which costs CPU and bytes on every answer.
    stringifyResult: (result) => JSON.stringify(result),
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // The same limits as the gateway's, for whoever calls: a direct caller cannot send what the gateway refuses.
    validationRules: protectionValidationRules(limits),
    parseOptions: { maxTokens: limits.maxTokens },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Federated tracing is for Apollo's hosted studio; it costs time on every request here.
      ApolloServerPluginInlineTraceDisabled(),
      costLimitPlugin(limits.maxCost, limits.service),
      productPlugin(identity, stats) as ApolloServerPlugin<ProductContext<TStorage>>,
    ],
    formatError(formatted, error) {
      const limited = formatLimitError(formatted, error);
      if (isLimitCode(limited.extensions?.code)) return limited;
      if (isClientFacingCode(formatted.extensions?.code)) return formatted;
      const original = unwrapResolverError(error);
      if (original instanceof GraphQLError && isClientFacingCode(original.extensions.code)) return formatted;
      return {
        message: 'Internal server error. Quote the request id to the product team.',
        path: formatted.path,
        extensions: { code: ErrorCode.Internal },
      };
    },
  });
  await apollo.start();

  const bulkRoutes: Record<string, MethodRoutes> = definition.rowStreams
    ? {
        '/bulk': {
          POST: createBulkRoute<TStorage>({
            schema,
            rowStreams: definition.rowStreams,
            policy,
            identity,
            databaseFile: options.databaseFile,
            bodyLimit: hops.bodyLimit,
            maxJsonDepth: options.maxJsonDepth,
            verifyCaller: (req, request) => hops.callerOf(req, request),
            context: ({ requestId, logger: requestLogger, caller }) => ({
              requestId,
              logger: requestLogger,
              caller,
              product: identity,
              storage: createStorage({ logger: requestLogger }),
            }),
            stats: stats.bulk,
            onStatement: () => (sql.statements += 1),
          }),
        },
      }
    : {};
  const http = await startHttpService({
    host: options.host,
    port: options.port,
    logger,
    maxBodyBytes: hops.maxBodyBytes,
    maxJsonDepth: options.maxJsonDepth,
    timeouts: options.timeouts,
    graphql: {
      path: '/graphql',
      server: apollo,
      bodyLimit: hops.bodyLimit,
      context: async ({ req, requestId, logger: requestLogger, body, search }: RequestScope) => ({
        requestId,
        logger: requestLogger,
        caller: hops.callerOf(req, { method: req.method ?? 'GET', route: 'graphql', search, body }),
        product: identity,
        storage: createStorage({ logger: requestLogger }),
      }),
    },
    routes: {
      ...bulkRoutes,
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', product: identity.name }),
      '/ready': async (_req, res) => {
        try {
          await db.raw('select 1');
          sendJson(res, 200, { status: 'ready', ...identity });
        } catch (error) {
          sendJson(res, 503, { status: 'unavailable', reason: (error as Error).message });
        }
      },
    },
  });
  logger.info({ url: `${http.origin}/graphql`, version: identity.version }, 'product serving');

  return {
    identity,
    url: `${http.origin}/graphql`,
    origin: http.origin,
    stats,
    logger,
    apps: appsView,
    async close() {
      await http.close();
      await apollo.stop();
      await db.destroy();
      logger.info('product stopped');
    },
  };
}
