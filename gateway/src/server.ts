import { EventEmitter } from 'node:events';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import {
  createLogger,
  sendJson,
  startHttpService,
  type HttpTimeouts,
  type Logger,
  type RequestScope,
} from '@mesh/product-kit';
import type { SubgraphEndpoint } from './config';
import { createSubgraphAgent, createSubgraphFetch } from './subgraph-fetch';
import { dedupSubgraphFetch, type OutboundDedupStats } from './outbound-dedup';
import { createGatewayMetrics } from './observability';
import { servedOperationTypesPlugin } from './operation-types';
import { DEFAULT_RESILIENCE, SubgraphGuard, withTimeout, type ResilienceOptions } from './resilience';
import { readTraceContext, type TraceContext } from './trace-context';
import { createInFlightDedup } from './dedup';
import { createExportRoute, createOperationExecutor } from './export';
import {
  costLimitPlugin,
  DEFAULT_LIMITS,
  formatLimitError,
  protectionValidationRules,
  screenBatch,
  type ProtectionLimits,
  DEMO_PASSWORD,
  DEMO_USERS,
  type AccessPolicy,
  type Caller,
} from '@mesh/product-kit';
import { DEV_JWT_SECRET } from './auth/authenticate';
import { openAccessServices, type AccessServices } from './access-services';
import { authorizingGateway } from './auth/authorize';
import { createAuthRoutes } from './auth/routes';
import { createLoginThrottle } from './auth/login-throttle';
import { declareEnforcedSecurityFeatures } from './auth/supergraph-features';
import { trustedDocumentsPlugin, type TrustedDocuments } from './trusted-documents';
import type { Visibility } from './auth/visibility';
import { AccessPolicyState } from './auth/access-policy-state';
import { createAccessRequestRoutes } from './access-requests/routes';
import { DEFAULT_PRODUCT_OWNERS } from './auth/product-owners';
import { ProductDataSource } from './product-data-source';
import { createApolloGateway } from './apollo-gateway';
import { createPlanExecutor, planExecutingGateway, type PlanExecutorStats } from './executor/plan-executor';
import { recordRunPlugin, WORKSPACE_PRODUCT } from './record-run';
import { AUDITED_ELSEWHERE, type AuditOptions } from './audit';
import { Gauge } from './metrics';
import {
  createOperationCaches,
  type GatewayCacheStats,
  type OperationCacheOptions,
} from './operation-caches';

declareEnforcedSecurityFeatures();

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** Version and data version of every product that contributed to this answer. */
  dataProducts: Record<string, { version: string; dataVersion: string }>;
  /** W3C trace context of this request; each subgraph fetch gets a child span of it. */
  trace?: TraceContext;
  /** Who is asking (authenticated from the Authorization header); products get it signed. */
  caller: Caller;
}

import type { GatewayAuthOptions } from './access-services';
export type { GatewayAuthOptions };

export interface GatewayOptions extends OperationCacheOptions {
  port: number;
  host: string;
  subgraphs: SubgraphEndpoint[];
  /** Serve this supergraph instead of composing the products' SDL at start-up. */
  supergraphFile?: string;
  /** Take the supergraph from the schema registry (hot reload) and report usage to it. */
  registry?: GatewayRegistryOptions;
  logger?: Logger;
  maxBodyBytes?: number;
  maxJsonDepth?: number;
  timeouts?: Partial<HttpTimeouts>;
  startupTimeoutMs?: number;
  subgraphTimeoutMs?: number;
  /** Per-product overrides of `subgraphTimeoutMs`, by product name. */
  subgraphTimeouts?: Record<string, number>;
  corsOrigins?: readonly string[];
  /** Query limits, batching and introspection; see DEFAULT_LIMITS. */
  limits?: Partial<ProtectionLimits>;
  /** Retries and circuit breakers of subgraph fetches; see DEFAULT_RESILIENCE. */
  resilience?: Partial<ResilienceOptions>;
  /** Authentication and authorization; see GatewayAuthOptions for the defaults. */
  auth?: GatewayAuthOptions;
  /**
   * Who runs query plans: `mesh` (default), the gateway's own executor with compiled result shaping, or
   * `apollo`, Apollo Gateway's executor (the mesh executor hands it what it does not run itself).
   */
  queryPlanExecutor?: 'mesh' | 'apollo';
  /** Run only these operations (an allow-list), except for callers with a bypass role. */
  trustedDocuments?: TrustedDocuments;
  /** The data-access audit (`/audit`); on by default, in the API tokens' database. */
  audit?: AuditOptions;
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
  /** Outbound de-duplication: fetches sent, and fetches answered by an identical one in flight. */
  outbound: OutboundDedupStats;
  /** Operations run by the gateway's own plan executor, and those handed to Apollo's. */
  plans: PlanExecutorStats;
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
  /** The data-access audit: writes queued events now; its counters. */
  audit: {
    flush(): Promise<void>;
    purge(): Promise<number>;
    stats(): { recorded: number; written: number; dropped: number; queued: number };
  };
  stats: GatewayStats;
  /** Entries and estimated heap bytes of each per-operation cache, against its bound. */
  caches(): GatewayCacheStats;
  /** Product visibility the gateway enforces now. */
  visibility(): Record<string, Visibility>;
  /** The composed access policy (`Type.field` → requirement) being enforced. */
  accessPolicy(): AccessPolicy;
  logger: Logger;
  close(): Promise<void>;
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
  let services: AccessServices | undefined;
  // Everything below may fail (a product unreachable, composition errors): close what is open, then rethrow.
  try {
    // Identical concurrent query fetches (same product, body and caller) go out once.
    const outbound = dedupSubgraphFetch(fetch);
    const stats: GatewayStats = {
      requests: 0,
      subgraphFetches: {},
      outbound: outbound.stats,
      plans: { executed: 0, delegated: 0, prepared: 0 },
    };
    const limits: ProtectionLimits = { ...DEFAULT_LIMITS, ...options.limits };
    const resilience: ResilienceOptions = { ...DEFAULT_RESILIENCE, ...options.resilience };
    const timeoutOf = (name: string) =>
      options.subgraphTimeouts?.[name] ?? options.subgraphTimeoutMs ?? 30_000;
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
      caches: () => ({ ...cacheStats() }),
    });
    const auth = options.auth ?? {};
    services = await openAccessServices(auth, options.audit, {
      supergraphSdl: () => supergraphSdl,
      logger,
    });
    const { signIdentity, apiTokens, grants, authenticator, jwtSecret } = services;
    const dataAudit = services.audit;
    for (const key of ['dropped', 'written', 'queued'] as const)
      metrics.registry.register(
        new Gauge(`gateway_audit_events_${key}`, `Data-access audit events ${key}.`, (gauge) =>
          gauge.set({}, dataAudit.stats()[key]),
        ),
      );
    if (jwtSecret === DEV_JWT_SECRET)
      logger.warn(
        'authentication uses the DEV-ONLY JWT secret: set JWT_SECRET or JWKS_URL for any real deployment',
      );
    const access = new AccessPolicyState(
      options.registry
        ? { kind: 'registry', origin: options.registry.origin, token: options.registry.token }
        : { kind: 'products', endpoints: options.supergraphFile ? [] : options.subgraphs },
      fetch,
      logger,
      auth.productVisibility,
    );

    const buildService = ({ name, url }: { name: string; url?: string }) =>
      new ProductDataSource(
        { url: url!, fetcher: withTimeout(outbound.fetch, timeoutOf(name)) },
        name,
        stats,
        guardFor(name),
        signIdentity,
      );
    const caches = createOperationCaches(options);
    const { gateway, events, currentId, usage } = await createApolloGateway(options, {
      planStore: caches.apolloPlans,
      buildService,
      fetch,
      logger,
    });
    let supergraphSdl = '';
    gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
      supergraphSdl = coreSupergraphSdl;
      access.setSupergraph(coreSupergraphSdl);
    });
    let apiSchema: GraphQLSchema | undefined;
    gateway.onSchemaLoadOrUpdate((loaded) => {
      apiSchema = loaded.apiSchema;
    });
    const dedup = createInFlightDedup();

    await access.refreshVisibility();
    events.on('update', () => void access.refreshVisibility());
    if (options.registry) access.pollEvery(30_000);
    const planExecutor =
      options.queryPlanExecutor === 'apollo'
        ? undefined
        : createPlanExecutor({
            buildService,
            cacheMiB: caches.queryPlanCacheMiB,
            logger: logger.child({ module: 'plan-executor' }),
          });
    if (planExecutor) stats.plans = planExecutor.stats;
    const authorizing = authorizingGateway<GatewayContext>(
      planExecutor ? planExecutingGateway(gateway, planExecutor) : gateway,
      {
        policy: () => access.current(),
        introspection: auth.introspection ?? 'all',
        cacheMiB: caches.authorizationCacheMiB,
      },
    );

    function cacheStats(): GatewayCacheStats {
      return {
        documents: caches.documents.stats(),
        apolloPlans: caches.apolloPlans.stats(),
        ...(planExecutor ? { preparedPlans: planExecutor.cacheStats() } : {}),
        authorization: authorizing.cacheStats(),
      };
    }

    const apollo = new ApolloServer<GatewayContext>({
      // runService owns SIGTERM/SIGINT: Apollo must not stop (and re-raise the signal) on its own.
      stopOnTerminationSignals: false,
      // Compact JSON: Apollo pretty-prints by default, which costs CPU and bytes on every answer.
      stringifyResult: (result) => JSON.stringify(result),
      gateway: authorizing,
      // Bounded by estimated heap bytes; Apollo's default counts JSON bytes (./operation-caches.ts).
      documentStore: caches.documents,
      // Apollo's own switch stays on: noIntrospectionRule (INTROSPECTION=false) refuses with a stable code.
      introspection: true,
      includeStacktraceInErrorResponses: false,
      validationRules: protectionValidationRules(limits),
      parseOptions: { maxTokens: limits.maxTokens },
      allowBatchedHttpRequests: limits.batching,
      formatError: formatLimitError,
      plugins: [
        ApolloServerPluginLandingPageDisabled(),
        servedOperationTypesPlugin, // first: its refusal must win over other plugins' checks
        provenancePlugin,
        // After provenance (it reads the answer's dataProducts); records runs asked for with extensions.recordRun.
        recordRunPlugin<GatewayContext>({
          policy: () => access.current().policy,
          supergraphId: currentId,
          workspaceUrl: () => endpoints().find((endpoint) => endpoint.name === WORKSPACE_PRODUCT)?.url,
          fetch: withTimeout(fetch, timeoutOf(WORKSPACE_PRODUCT)),
          signIdentity,
          logger: logger.child({ module: 'record-run' }),
        }),
        costLimitPlugin(limits.maxCost),
        ...(options.trustedDocuments
          ? [trustedDocumentsPlugin<GatewayContext>(options.trustedDocuments)]
          : []),
        metrics.plugin,
        ...(usage ? [usage.plugin] : []),
        dataAudit.plugin,
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
      const caller = await authenticator.authenticate(req?.headers.authorization);
      return {
        requestId,
        logger: requestLogger.child({
          traceId: trace.traceId,
          ...(caller.subject ? { caller: caller.subject } : {}),
        }),
        dataProducts: {},
        trace,
        caller,
      };
    };

    // Compose mode knows its products from SUBGRAPHS; the other modes from the supergraph being served.
    const endpoints = () =>
      options.supergraphFile || options.registry ? subgraphsOfSupergraph(supergraphSdl) : options.subgraphs;
    const http = await startHttpService({
      host: options.host,
      port: options.port,
      logger,
      maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
      maxJsonDepth: options.maxJsonDepth,
      timeouts: options.timeouts,
      corsOrigins: options.corsOrigins,
      graphql: {
        path: '/graphql',
        server: apollo,
        context: graphqlContext,
        screen: (body) => screenBatch(body, limits),
      },
      routes: {
        ...dataAudit.routes,
        ...createAuthRoutes({
          authenticator,
          apiTokens,
          loginThrottle: createLoginThrottle(auth.loginThrottle),
          trustProxy: auth.trustProxy,
          apiTokenMaxDays: auth.apiTokenMaxDays,
          devLogin:
            (auth.devLogin ?? true) && !auth.jwksUrl
              ? { users: DEMO_USERS, password: DEMO_PASSWORD }
              : undefined,
        }),
        ...createAccessRequestRoutes({
          authenticator,
          table: apiTokens?.accessRequests,
          grants,
          owners: auth.productOwners ?? DEFAULT_PRODUCT_OWNERS,
          products: () => endpoints().map((endpoint) => endpoint.name),
          maxDays: auth.accessGrantMaxDays,
        }),
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
          // Export pages are audited once per export, by the route (rows streamed, format).
          execute: createOperationExecutor(apollo, async (scope) => ({
            ...(await graphqlContext(scope)),
            [AUDITED_ELSEWHERE]: true,
          })),
          audit: (read) =>
            void (
              read.caller
                ? Promise.resolve(read.caller)
                : authenticator.authenticate(read.req.headers.authorization)
            )
              .then((caller) => dataAudit.recordExport({ ...read, caller }))
              .catch(() => undefined),
          schema: () => apiSchema,
          maxBodyBytes: options.maxBodyBytes ?? 1_048_576,
          logger,
          observe: metrics.exported,
          // Bulk path: plain rows of one product's root list come from that product's POST /bulk.
          bulk: {
            supergraphSdl: () => supergraphSdl,
            accessPolicy: () => access.current().policy,
            authenticate: (req) => authenticator.authenticate(req.headers.authorization),
            signIdentity,
            dispatcher: agent,
            validationRules: protectionValidationRules(limits),
            maxCost: limits.maxCost,
            reportUsage: usage?.record,
            // An allow-list of operations is checked by GraphQL execution only: keep exports on that path.
            enabled: !options.trustedDocuments,
          },
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
      audit: { flush: dataAudit.flush, purge: dataAudit.purge, stats: dataAudit.stats },
      stats,
      caches: cacheStats,
      visibility: () => access.visibilities(),
      accessPolicy: () => access.current().policy,
      logger,
      async close() {
        access.close();
        await http.close();
        await services?.close(); // after the HTTP server: the audit's last reads are in its queue
        await usage?.close();
        await apollo.stop();
        await agent.close();
        logger.info('gateway stopped');
      },
    };
  } catch (error) {
    await services?.close();
    await agent.close();
    throw error;
  }
}
