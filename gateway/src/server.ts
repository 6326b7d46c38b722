import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GatewayConfig } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { createLogger, sendJson, startHttpService, type Logger, type RequestScope } from '@mesh/product-kit';
import { composeSupergraph, fetchSubgraphSdl } from './compose';
import type { SubgraphEndpoint } from './config';
import { createRegistrySupergraphManager } from './registry-source';
import { createSubgraphAgent, createSubgraphFetch } from './subgraph-fetch';
import { createUsageReporter, type UsageReporter } from './usage-reporter';
import { createGatewayMetrics } from './observability';
import {
  costLimitPlugin,
  DEFAULT_LIMITS,
  formatLimitError,
  protectionValidationRules,
  screenBatch,
  type ProtectionLimits,
} from './protection';
import { DEFAULT_RESILIENCE, SubgraphGuard, withTimeout, type ResilienceOptions } from './resilience';
import { childTraceparent, readTraceContext, type TraceContext } from './trace-context';
import { createInFlightDedup } from './dedup';
import { createExportRoute, createOperationExecutor } from './export';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** Version and data version of every product that contributed to this answer. */
  dataProducts: Record<string, { version: string; dataVersion: string }>;
  /** W3C trace context of this request; each subgraph fetch gets a child span of it. */
  trace?: TraceContext;
}

export interface GatewayOptions {
  port: number;
  host: string;
  subgraphs: SubgraphEndpoint[];
  /** Serve this supergraph instead of composing the products' SDL at start-up. */
  supergraphFile?: string;
  /** Take the supergraph from the schema registry (hot reload) and report usage to it. */
  registry?: GatewayRegistryOptions;
  logger?: Logger;
  maxBodyBytes?: number;
  startupTimeoutMs?: number;
  subgraphTimeoutMs?: number;
  /** Per-product overrides of `subgraphTimeoutMs`, by product name. */
  subgraphTimeouts?: Record<string, number>;
  corsOrigins?: readonly string[];
  /** Query limits, batching and introspection; see DEFAULT_LIMITS. */
  limits?: Partial<ProtectionLimits>;
  /** Retries and circuit breakers of subgraph fetches; see DEFAULT_RESILIENCE. */
  resilience?: Partial<ResilienceOptions>;
}

export interface GatewayRegistryOptions {
  /** Registry origin, e.g. http://127.0.0.1:4005 */
  origin: string;
  token?: string;
  cacheFile?: string;
  waitSeconds?: number;
  /** How often usage is reported; 0 turns reporting off. */
  usageFlushMs?: number;
}

export interface GatewayStats {
  requests: number;
  /** Fetches sent to each product, and how many of them were `_entities` fetches. */
  subgraphFetches: Record<string, { total: number; entities: number }>;
}

export interface RunningGateway {
  url: string;
  origin: string;
  /** The supergraph being served now (changes on hot reload). */
  readonly supergraphSdl: string;
  /** Registry mode: id of the schema version being served; null otherwise. */
  supergraphId(): string | null;
  /** Registry mode: `update` ({ id }) after a switch, `rejected` ({ id, reason }) when one was refused. */
  events: EventEmitter;
  /** Registry mode: sends collected usage to the registry now. */
  flushUsage(): Promise<void>;
  stats: GatewayStats;
  logger: Logger;
  close(): Promise<void>;
}

class ProductDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly productName: string,
    private readonly stats: GatewayStats,
    private readonly guard?: SubgraphGuard,
  ) {
    super(config);
  }

  override process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]) {
    return this.guard ? this.guard.run(options, () => super.process(options)) : super.process(options);
  }

  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    const counts = (this.stats.subgraphFetches[this.productName] ??= { total: 0, entities: 0 });
    counts.total += 1;
    if (request.query?.includes('_entities')) counts.entities += 1;
    if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
    if (context.trace) {
      request.http?.headers.set('traceparent', childTraceparent(context.trace));
      if (context.trace.state) request.http?.headers.set('tracestate', context.trace.state);
    }
  }

  override didReceiveResponse({
    response,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    const product = response.extensions?.dataProduct as
      { name?: string; version: string; dataVersion: string } | undefined;
    if (product?.name && context.dataProducts) {
      context.dataProducts[product.name] = { version: product.version, dataVersion: product.dataVersion };
    }
    return response;
  }
}

/** Adds `extensions.dataProducts` to every answer: which product versions and data snapshots produced it. */
const provenancePlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || Object.keys(contextValue.dataProducts).length === 0) return;
        response.body.singleResult.extensions = {
          ...response.body.singleResult.extensions,
          dataProducts: contextValue.dataProducts,
        };
      },
    };
  },
};

/** The products a supergraph routes to, from its `join__Graph` enum. */
export function subgraphsOfSupergraph(supergraphSdl: string): SubgraphEndpoint[] {
  return [...supergraphSdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g)].map(
    (match) => ({
      name: match[1]!,
      url: match[2]!,
    }),
  );
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway');
  // The pool's own timeouts are only a backstop: each fetch has its product's timeout (withTimeout).
  const agent = createSubgraphAgent({
    timeoutMs: Math.max(
      options.subgraphTimeoutMs ?? 30_000,
      ...Object.values(options.subgraphTimeouts ?? {}),
    ),
  });
  const fetch = createSubgraphFetch(agent);

  const stats: GatewayStats = { requests: 0, subgraphFetches: {} };
  const limits: ProtectionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const resilience: ResilienceOptions = { ...DEFAULT_RESILIENCE, ...options.resilience };
  const timeoutOf = (name: string) => options.subgraphTimeouts?.[name] ?? options.subgraphTimeoutMs ?? 30_000;
  // One guard (breaker, retries) per product name, kept across supergraph reloads.
  const guards = new Map<string, SubgraphGuard>();
  const guardFor = (name: string) => {
    let guard = guards.get(name);
    if (!guard) {
      const guardLogger = logger.child({ module: 'subgraph-guard' });
      guard = new SubgraphGuard(
        name,
        { ...resilience, timeoutMs: timeoutOf(name) },
        metrics.subgraphObserver,
        guardLogger,
      );
      guards.set(name, guard);
    }
    return guard;
  };
  const metrics = createGatewayMetrics({
    supergraph: () => ({ id: currentId(), sdl: supergraphSdl }),
    breakers: () => [...guards.values()].map((guard) => ({ name: guard.name, state: guard.breaker.state })),
  });
  const buildService: GatewayConfig['buildService'] = ({ name, url }) =>
    new ProductDataSource(
      { url: url!, fetcher: withTimeout(fetch, timeoutOf(name)) as never },
      name,
      stats,
      guardFor(name),
    );
  const gatewayLogger = logger.child({ module: 'apollo-gateway' });
  let gateway: ApolloGateway;
  let events = new EventEmitter();
  let currentId: () => string | null = () => null;
  let usage: UsageReporter | undefined;
  if (options.supergraphFile) {
    const sdl = readFileSync(options.supergraphFile, 'utf8');
    logger.info({ file: options.supergraphFile }, 'serving static supergraph');
    gateway = new ApolloGateway({ supergraphSdl: sdl, buildService, logger: gatewayLogger });
  } else if (options.registry) {
    const manager = createRegistrySupergraphManager({
      registryOrigin: options.registry.origin,
      token: options.registry.token,
      cacheFile: options.registry.cacheFile,
      waitSeconds: options.registry.waitSeconds,
      startupTimeoutMs: options.startupTimeoutMs,
      logger: logger.child({ module: 'registry-source' }),
    });
    events = manager.events;
    currentId = manager.currentId;
    gateway = new ApolloGateway({ supergraphSdl: manager, buildService, logger: gatewayLogger });
    if ((options.registry.usageFlushMs ?? 10_000) > 0) {
      usage = createUsageReporter({
        registryOrigin: options.registry.origin,
        token: options.registry.token,
        flushMs: options.registry.usageFlushMs ?? 10_000,
        logger: logger.child({ module: 'usage-reporter' }),
      });
    }
  } else {
    const sdls = await Promise.all(
      options.subgraphs.map(async (endpoint) => ({
        ...endpoint,
        sdl: await fetchSubgraphSdl(endpoint, fetch, {
          timeoutMs: options.startupTimeoutMs ?? 30_000,
          logger,
        }),
      })),
    );
    const sdl = composeSupergraph(sdls);
    logger.info({ subgraphs: options.subgraphs.map((s) => s.name) }, 'composed supergraph');
    gateway = new ApolloGateway({ supergraphSdl: sdl, buildService, logger: gatewayLogger });
  }
  let supergraphSdl = '';
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    supergraphSdl = coreSupergraphSdl;
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate((loaded) => {
    apiSchema = loaded.apiSchema;
  });
  const dedup = createInFlightDedup();

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Apollo's own switch stays on: noIntrospectionRule (INTROSPECTION=false) refuses with a stable code.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: protectionValidationRules(limits),
    parseOptions: { maxTokens: limits.maxTokens },
    allowBatchedHttpRequests: limits.batching,
    formatError: formatLimitError,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      provenancePlugin,
      costLimitPlugin(limits.maxCost),
      metrics.plugin,
      ...(usage ? [usage.plugin] : []),
      dedup.plugin, // last: it shares the answer as the other plugins left it
    ],
  });
  await apollo.start();
  const graphqlContext = async ({
    req,
    requestId,
    logger: requestLogger,
  }: RequestScope): Promise<GatewayContext> => {
    stats.requests += 1;
    const trace = readTraceContext(
      req?.headers.traceparent as string | undefined,
      req?.headers.tracestate as string | undefined,
    );
    return { requestId, logger: requestLogger.child({ traceId: trace.traceId }), dataProducts: {}, trace };
  };

  // Compose mode knows its products from SUBGRAPHS; the other modes from the supergraph being served.
  const endpoints = () =>
    options.supergraphFile || options.registry ? subgraphsOfSupergraph(supergraphSdl) : options.subgraphs;
  const http = await startHttpService({
    host: options.host,
    port: options.port,
    logger,
    maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
    corsOrigins: options.corsOrigins,
    graphql: {
      path: '/graphql',
      server: apollo,
      context: graphqlContext,
      screen: (body) => screenBatch(body, limits),
    },
    routes: {
      '/health': (_req, res) => sendJson(res, 200, { status: 'ok', service: 'gateway' }),
      '/ready': async (_req, res) => {
        const products = await Promise.all(
          endpoints().map(async ({ name, url }) => {
            try {
              const response = await fetch(new URL('/health', url).toString(), {
                method: 'GET',
                headers: {},
                body: undefined as never,
              });
              return { name, url, healthy: response.status === 200, breaker: guardFor(name).breaker.state };
            } catch {
              return { name, url, healthy: false, breaker: guardFor(name).breaker.state };
            }
          }),
        );
        const ready = products.every((product) => product.healthy && product.breaker !== 'open');
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'degraded', products });
      },
      '/export': createExportRoute({
        execute: createOperationExecutor(apollo, graphqlContext),
        schema: () => apiSchema,
        maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
        logger,
      }),
      '/metrics': (_req, res) => metrics.serve(res),
      '/supergraph': (_req, res) => {
        const id = currentId();
        res.writeHead(200, {
          'content-type': 'text/plain; charset=utf-8',
          ...(id ? { 'x-supergraph-id': id } : {}),
        });
        res.end(supergraphSdl);
      },
    },
  });
  logger.info({ url: `${http.origin}/graphql` }, 'gateway serving');

  return {
    url: `${http.origin}/graphql`,
    origin: http.origin,
    get supergraphSdl() {
      return supergraphSdl;
    },
    supergraphId: currentId,
    events,
    flushUsage: () => usage?.flush() ?? Promise.resolve(),
    stats,
    logger,
    async close() {
      await http.close();
      await usage?.close();
      await apollo.stop();
      await agent.close();
      logger.info('gateway stopped');
    },
  };
}
