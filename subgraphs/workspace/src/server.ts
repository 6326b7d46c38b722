import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import {
  collapseRepeatedInputErrors,
  costLimitPlugin,
  createHopAdmission,
  createLogger,
  ErrorCode,
  formatLimitError,
  hashSchema,
  isClientFacingCode,
  isLimitCode,
  PRODUCT_DEFAULTS,
  protectionValidationRules,
  sendJson,
  startHttpService,
  type HttpTimeouts,
  type Logger,
  type ProductIdentity,
  type ProtectionLimits,
  type RequestScope,
} from '@mesh/product-kit';
import { GraphQLError } from 'graphql';
import { workspaceProduct } from './product';
import type { WorkspaceContext } from './resolvers';
import { buildWorkspaceSchema } from './schema';
import { createWorkspaceStorage, formatDataVersion, openWorkspaceDatabase, readStoreState } from './storage';

export interface WorkspaceServerOptions {
  /** SQLite file of the store (created when missing); used when `databaseUrl` is not set. */
  databaseFile?: string;
  /** postgres://… : keep the store in PostgreSQL instead. */
  databaseUrl?: string;
  port: number;
  host: string;
  /** Body limit of direct callers; verified gateway hops get `gatewayMaxBodyBytes` (PRODUCT_DEFAULTS). */
  maxBodyBytes?: number;
  gatewayMaxBodyBytes?: number;
  maxJsonDepth?: number;
  /** Secret of the gateway-signed identity header; DEV_IDENTITY_SECRET when unset. */
  identitySecret?: string;
  identityClockSkewSeconds?: number;
  identityMaxLifetimeSeconds?: number;
  /** Query limits, as every product's (PRODUCT_DEFAULTS.limits). */
  limits?: Partial<ProtectionLimits>;
  timeouts?: Partial<HttpTimeouts>;
  logger?: Logger;
}

export interface RunningWorkspace {
  /** What is serving; `dataVersion` as of start (it moves with every write: see `workspaceProduct`). */
  identity: ProductIdentity;
  /** The GraphQL endpoint URL. */
  url: string;
  origin: string;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Logs unexpected errors, masks nothing itself (formatError does), and stamps every answer with the
 * product, its version and the store's data version, as the kit's products do.
 */
function workspacePlugin(identity: ProductIdentity): ApolloServerPlugin<WorkspaceContext> {
  let lastDataVersion = identity.dataVersion;
  return {
    async requestDidStart() {
      return {
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
          try {
            lastDataVersion = await contextValue.storage.dataVersion();
          } catch (error) {
            contextValue.logger.warn(
              { err: error },
              'cannot read the data version; reporting the last known',
            );
          }
          const result = response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            dataProduct: { name: identity.name, version: identity.version, dataVersion: lastDataVersion },
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
 * Boots the workspace: opens (and migrates) its store, builds the subgraph schema with its access policy,
 * and serves it at /graphql with /health and /ready (which checks the store).
 */
export async function startWorkspace(options: WorkspaceServerOptions): Promise<RunningWorkspace> {
  const logger = options.logger ?? createLogger(workspaceProduct.name);
  const database = await openWorkspaceDatabase({
    databaseUrl: options.databaseUrl,
    databaseFile: options.databaseFile,
    logger: logger.child({ module: 'database' }),
  });
  const { db, kind } = database;
  try {
    const identity: ProductIdentity = {
      name: workspaceProduct.name,
      title: workspaceProduct.title,
      description: workspaceProduct.description,
      version: workspaceProduct.version,
      schemaHash: hashSchema(workspaceProduct.typeDefs),
      dataVersion: formatDataVersion(await readStoreState(db)),
      license: workspaceProduct.license,
      visibility: workspaceProduct.visibility,
      source: null,
      sourceUrl: null,
      // A live store has no snapshot date: its answers are as of the moment they are given.
      snapshotDate: null,
      startedAt: new Date().toISOString(),
    };
    // The same admission and limits as the kit's products (packages/product-kit/src/server.ts).
    const hops = createHopAdmission(workspaceProduct.name, options);
    const limits: ProtectionLimits = {
      ...PRODUCT_DEFAULTS.limits,
      service: 'this product',
      ...options.limits,
    };
    const apollo = new ApolloServer<WorkspaceContext>({
      schema: buildWorkspaceSchema(identity),
      introspection: true,
      includeStacktraceInErrorResponses: false,
      validationRules: protectionValidationRules(limits),
      parseOptions: { maxTokens: limits.maxTokens },
      // runService owns shutdown (HTTP first, then Apollo, then the store); Apollo's own signal handler
      // would stop it early and re-send the signal, which runService takes for "exit now" (code 1).
      stopOnTerminationSignals: false,
      // Compact JSON: Apollo pretty-prints by default, which costs CPU and bytes on every answer.
      stringifyResult: (result) => JSON.stringify(result),
      plugins: [
        ApolloServerPluginLandingPageDisabled(),
        // Federated tracing is for Apollo's hosted studio; it costs time on every request here.
        ApolloServerPluginInlineTraceDisabled(),
        costLimitPlugin(limits.maxCost, limits.service),
        workspacePlugin(identity),
      ],
      formatError(formatted, error) {
        const limited = formatLimitError(formatted, error);
        if (isLimitCode(limited.extensions?.code)) return limited;
        if (isClientFacingCode(formatted.extensions?.code)) return formatted;
        const original = unwrapResolverError(error);
        if (original instanceof GraphQLError && isClientFacingCode(original.extensions.code))
          return formatted;
        return {
          message: 'Internal server error. Quote the request id to the product team.',
          path: formatted.path,
          extensions: { code: ErrorCode.Internal },
        };
      },
    });
    await apollo.start();

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
        context: async ({
          req,
          requestId,
          logger: requestLogger,
          body,
          search,
        }: RequestScope): Promise<WorkspaceContext> => {
          const caller = hops.callerOf(req, { method: req.method ?? 'GET', route: 'graphql', search, body });
          return {
            requestId,
            logger: requestLogger,
            caller,
            storage: createWorkspaceStorage(db, kind, {
              subject: caller.subject ?? '',
              name: caller.name,
              roles: caller.roles,
            }),
          };
        },
      },
      routes: {
        '/health': (_req, res) => sendJson(res, 200, { status: 'ok', product: identity.name }),
        '/ready': async (_req, res) => {
          try {
            const dataVersion = formatDataVersion(await readStoreState(db));
            sendJson(res, 200, { status: 'ready', ...identity, dataVersion, store: kind });
          } catch (error) {
            sendJson(res, 503, { status: 'unavailable', reason: (error as Error).message });
          }
        },
      },
    });
    logger.info(
      { url: `${http.origin}/graphql`, version: identity.version, store: kind, location: database.location },
      'workspace serving',
    );

    return {
      identity,
      url: `${http.origin}/graphql`,
      origin: http.origin,
      logger,
      async close() {
        await http.close();
        await apollo.stop();
        await database.close();
        logger.info('workspace stopped');
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
