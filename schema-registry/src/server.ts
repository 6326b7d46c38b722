import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchemaFromDefs } from './graphql/schema';
import {
  createLogger,
  DEFAULT_HTTP_TIMEOUTS,
  sendJson,
  startHttpService,
  type HttpTimeouts,
  type Logger,
  type RequestScope,
} from '@mesh/product-kit';
import { ADMIN_PRINCIPAL, authenticate, hashToken } from './auth';
import { openRegistryDatabase, type DatabaseKind } from './db/database';
import { RegistryError } from './errors';
import { createRegistryLoaders } from './graphql/loaders';
import { isDeliberate, type RegistryGraphQLContext } from './graphql/resolvers';
import { installRoutes } from './http/routes';
import type { RegistryContext } from './operations/context';
import { createSupergraphFeed } from './operations/supergraph-feed';
import { enforceUsageRetention } from './operations/usage-retention';
import { createTokensStorage } from './storage/tokens-storage';

export interface RegistryOptions {
  port: number;
  host: string;
  adminToken: string;
  databaseFile?: string;
  databaseUrl?: string;
  /** Base of persistent identifiers; defaults to the listening origin. */
  publicUrl?: string;
  gatewayPublicUrl?: string;
  publisher?: string;
  usageWindowDays?: number;
  /** Usage retention (days; default 90), distinct operations kept (50,000), stored text cap (65,536 chars). */
  usageRetentionDays?: number;
  usageMaxOperations?: number;
  usageMaxBodyChars?: number;
  maxBodyBytes?: number;
  maxJsonDepth?: number;
  /** Socket timeouts (DEFAULT_HTTP_TIMEOUTS); the socket timeout is never shorter than a long poll. */
  timeouts?: Partial<HttpTimeouts>;
  maxLongPollSeconds?: number;
  logger?: Logger;
  testPauseFile?: string;
}

export interface RunningRegistry {
  /** The GraphQL endpoint. */
  url: string;
  origin: string;
  kind: DatabaseKind;
  context: RegistryContext;
  logger: Logger;
  close(): Promise<void>;
}

/** Boots the registry: store (migrated), GraphQL API, plain-HTTP endpoints, /health and /ready. */
export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const logger = options.logger ?? createLogger('schema-registry');
  const database = await openRegistryDatabase({
    databaseUrl: options.databaseUrl,
    databaseFile: options.databaseFile ?? 'data/registry.sqlite',
    logger: logger.child({ module: 'database' }),
  });
  const feed = createSupergraphFeed(database.db);
  const links = {
    publicUrl: options.publicUrl ?? '',
    gatewayUrl: options.gatewayPublicUrl ?? 'http://127.0.0.1:4000/graphql',
    publisher: options.publisher ?? 'FAIR data mesh',
  };
  const context: RegistryContext = {
    db: database.db,
    kind: database.kind,
    logger,
    usageWindowDays: options.usageWindowDays ?? 30,
    links,
    feed,
    usage: {
      retentionDays: options.usageRetentionDays ?? 90,
      maxOperations: options.usageMaxOperations ?? 50_000,
      maxBodyChars: options.usageMaxBodyChars ?? 65_536,
      stats: { dropped: 0, truncated: 0, expired: 0 },
    },
    testPauseFile: options.testPauseFile,
  };
  // Age-based retention hourly (row caps are also enforced after every ingest).
  const retentionTimer = setInterval(() => {
    enforceUsageRetention(context).catch((error: unknown) =>
      logger.error({ err: error }, 'usage retention failed'),
    );
  }, 3_600_000);
  retentionTimer.unref();
  await enforceUsageRetention(context);
  const adminTokenHash = hashToken(options.adminToken);
  const tokens = createTokensStorage(database.db);

  const apollo = new ApolloServer<RegistryGraphQLContext>({
    // runService owns SIGTERM/SIGINT: Apollo must not stop (and re-raise the signal) on its own.
    stopOnTerminationSignals: false,
    // Compact JSON: Apollo pretty-prints by default, which costs CPU and bytes on every answer.
    stringifyResult: (result) => JSON.stringify(result),
    schema: makeExecutableSchemaFromDefs(),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    formatError(formatted, error) {
      if (isDeliberate(unwrapResolverError(error)) || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR')
        return formatted;
      logger.error({ err: unwrapResolverError(error) }, 'resolver failed');
      return {
        message: 'Internal server error; see the registry log.',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    },
  });
  await apollo.start();
  const maxBodyBytes = options.maxBodyBytes ?? 2_097_152;
  const http = await startHttpService<RegistryGraphQLContext>({
    host: options.host,
    port: options.port,
    logger,
    maxBodyBytes,
    maxJsonDepth: options.maxJsonDepth,
    timeouts: {
      ...options.timeouts,
      // A long poll (GET /supergraph?wait=) sends nothing until it answers: the socket must outlive it.
      socketTimeoutMs: Math.max(
        options.timeouts?.socketTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.socketTimeoutMs,
        ((options.maxLongPollSeconds ?? 60) + 30) * 1000,
      ),
    },
    graphql: {
      path: '/graphql',
      server: apollo,
      context: async ({ req }: RequestScope) => {
        try {
          const principal = await authenticate(req.headers.authorization, { adminTokenHash, tokens });
          return { registry: context, principal, loaders: createRegistryLoaders(database.db) };
        } catch (error) {
          if (error instanceof RegistryError) throw error.toGraphQLError();
          throw error;
        }
      },
    },
    routes: {
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', service: 'schema-registry' }),
      '/ready': async (_req, res) => {
        try {
          const head = await feed.current();
          sendJson(res, 200, {
            status: 'ready',
            database: database.kind,
            schemaVersion: head?.version.id ?? null,
            seq: head?.version.seq ?? 0,
            usage: context.usage.stats,
          });
        } catch (error) {
          sendJson(res, 503, { status: 'unavailable', reason: (error as Error).message });
        }
      },
    },
  });
  if (!options.publicUrl) links.publicUrl = http.origin;
  installRoutes(http.server, {
    ctx: context,
    logger,
    adminTokenHash,
    maxBodyBytes,
    maxLongPollSeconds: options.maxLongPollSeconds ?? 60,
  });
  logger.info(
    { url: `${http.origin}/graphql`, database: database.kind, location: database.location },
    'schema registry serving',
  );

  return {
    url: `${http.origin}/graphql`,
    origin: http.origin,
    kind: database.kind,
    context,
    logger,
    async close() {
      clearInterval(retentionTimer);
      feed.close();
      await http.close();
      await apollo.stop();
      await database.close();
      logger.info('schema registry stopped');
    },
  };
}

export { ADMIN_PRINCIPAL };
