import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST } from 'graphql';
import { boundedLabel, Counter, Gauge, Histogram, LATENCY_BUCKETS_SECONDS, MetricsRegistry } from './metrics';
import type { BreakerState, SubgraphFetchObserver } from './resilience';
import type { CacheStats } from './bounded-cache';

export type ExportPath = 'bulk' | 'graphql';
export type ExportOutcome = 'done' | 'client_gone' | 'failed';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export interface GatewayMetrics {
  registry: MetricsRegistry;
  plugin: ApolloServerPlugin<object>;
  subgraphObserver: SubgraphFetchObserver;
  /** An `/export` stream ended: which path answered (a product's bulk row stream or GraphQL), how it ended. */
  exported(path: ExportPath, format: string, outcome: ExportOutcome): void;
  /** `GET /metrics` in the Prometheus text format. */
  serve(res: ServerResponse): void;
}

/**
 * The gateway's Prometheus series. Operation names and error codes come from clients and products, so
 * their labels are capped (`maxOperationNames`, later ones are counted as `other`).
 */
export function createGatewayMetrics(options: {
  supergraph: () => { id: string | null; sdl: string };
  breakers: () => Iterable<{ name: string; state: BreakerState }>;
  /** Per-operation caches by name (entries, estimated bytes, bound): read at scrape time. */
  caches?: () => Record<string, CacheStats>;
  maxOperationNames?: number;
}): GatewayMetrics {
  const registry = new MetricsRegistry();
  const operationLabel = boundedLabel(options.maxOperationNames ?? 100);
  const codeLabel = boundedLabel(50);
  const requests = registry.register(
    new Counter(
      'gateway_requests_total',
      'GraphQL requests by operation name and outcome (success, partial, error).',
    ),
  );
  const duration = registry.register(
    new Histogram(
      'gateway_request_duration_seconds',
      'GraphQL request latency by operation name.',
      LATENCY_BUCKETS_SECONDS,
    ),
  );
  const errors = registry.register(
    new Counter('gateway_errors_total', 'Errors in answers, by extensions.code.'),
  );
  const fetchDuration = registry.register(
    new Histogram(
      'gateway_subgraph_fetch_duration_seconds',
      'Latency of each fetch to a product.',
      LATENCY_BUCKETS_SECONDS,
    ),
  );
  const fetchErrors = registry.register(
    new Counter('gateway_subgraph_fetch_errors_total', 'Failed fetches to a product, by reason.'),
  );
  const exports = registry.register(
    new Counter(
      'gateway_exports_total',
      '/export streams by path (bulk: a product row stream; graphql: page by page), format and outcome.',
    ),
  );
  let hashed = { sdl: '', id: '' };
  registry.register(
    new Gauge(
      'gateway_supergraph_info',
      'The supergraph being served (registry version id, or a hash of its SDL).',
      (gauge) => {
        const { id, sdl } = options.supergraph();
        if (hashed.sdl !== sdl)
          hashed = { sdl, id: createHash('sha256').update(sdl).digest('hex').slice(0, 16) };
        gauge.reset();
        gauge.set({ id: id ?? hashed.id }, 1);
      },
    ),
  );
  registry.register(
    new Gauge(
      'gateway_subgraph_breaker_state',
      'Circuit breaker per product: 0 closed, 1 half-open, 2 open.',
      (gauge) => {
        for (const { name, state } of options.breakers()) gauge.set({ subgraph: name }, BREAKER_VALUE[state]);
      },
    ),
  );
  // Memory: the caches' own estimates beside what the process really holds, so a drift between them shows.
  const cacheGauge = (name: string, help: string, field: keyof CacheStats) =>
    registry.register(
      new Gauge(name, help, (gauge) => {
        for (const [cache, stats] of Object.entries(options.caches?.() ?? {}))
          gauge.set({ cache }, stats[field]);
      }),
    );
  cacheGauge('gateway_cache_entries', 'Entries in each per-operation cache.', 'entries');
  cacheGauge('gateway_cache_bytes', 'Estimated heap bytes of each per-operation cache.', 'bytes');
  cacheGauge(
    'gateway_cache_max_bytes',
    'Bound of each per-operation cache (estimated heap bytes).',
    'maxBytes',
  );
  const memoryGauge = (name: string, help: string, read: (usage: NodeJS.MemoryUsage) => number) =>
    registry.register(new Gauge(name, help, (gauge) => gauge.set({}, read(process.memoryUsage()))));
  memoryGauge('process_resident_memory_bytes', 'Resident set size.', (usage) => usage.rss);
  memoryGauge('nodejs_heap_size_used_bytes', 'V8 heap in use.', (usage) => usage.heapUsed);
  memoryGauge('nodejs_heap_size_total_bytes', 'V8 heap reserved.', (usage) => usage.heapTotal);
  memoryGauge(
    'nodejs_external_memory_bytes',
    'Memory outside the V8 heap held by JS objects.',
    (usage) => usage.external,
  );

  const plugin: ApolloServerPlugin<object> = {
    async requestDidStart({ request }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, document }) {
          // Requests refused at validation have no resolved operation; their document still names it.
          const named =
            operationName ?? request.operationName ?? (document && getOperationAST(document)?.name?.value);
          const operation = operationLabel(named ?? 'anonymous');
          let outcome = 'success';
          if (response.body.kind === 'single') {
            const result = response.body.singleResult;
            if (result.errors?.length) outcome = result.data ? 'partial' : 'error';
            for (const error of result.errors ?? []) {
              errors.inc({ code: codeLabel(String(error.extensions?.code ?? 'UNKNOWN')) });
            }
          }
          requests.inc({ operation, outcome });
          duration.observe({ operation }, (performance.now() - started) / 1000);
        },
      };
    },
  };

  return {
    registry,
    plugin,
    exported(path, format, outcome) {
      exports.inc({ path, format, outcome });
    },
    subgraphObserver: {
      fetched(subgraph, seconds, outcome) {
        if (outcome !== 'CIRCUIT_OPEN') fetchDuration.observe({ subgraph }, seconds);
        if (outcome !== 'ok') fetchErrors.inc({ subgraph, reason: outcome });
      },
    },
    serve(res) {
      const body = registry.render();
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    },
  };
}
