import type { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { Logger } from '@mesh/product-kit';
import type { SubgraphFetch } from './subgraph-fetch';

export const PRODUCT_UNAVAILABLE = 'PRODUCT_UNAVAILABLE';

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

export interface ResilienceOptions {
  /** Extra attempts for a query whose subgraph fetch failed to connect (never for mutations). */
  retries: number;
  /** First retry waits about this long (with jitter), doubling per attempt. */
  retryBaseDelayMs: number;
  /** Consecutive failed fetches that open a product's circuit. */
  breakerFailureThreshold: number;
  /** How long an open circuit fails fast before one probe fetch is let through (half-open). */
  breakerCooldownMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  retries: 2,
  retryBaseDelayMs: 50,
  breakerFailureThreshold: 5,
  breakerCooldownMs: 10_000,
};

export type BreakerState = 'closed' | 'open' | 'half_open';

/**
 * Per-product circuit breaker: opens after `threshold` consecutive failures; after `cooldownMs` lets one
 * probe through (half-open); the probe's outcome closes it or opens it for another cool-down.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private probing = false;
  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half_open' : 'open';
  }

  /** `probe` when this call is the half-open trial; `rejected` while open (or a probe is out). */
  acquire(): 'allowed' | 'probe' | 'rejected' {
    const state = this.state;
    if (state === 'closed') return 'allowed';
    if (state === 'open' || this.probing) return 'rejected';
    this.probing = true;
    return 'probe';
  }

  succeeded() {
    this.failures = 0;
    this.openedAt = null;
    this.probing = false;
  }

  failed() {
    this.failures += 1;
    if (this.probing || this.failures >= this.threshold) this.openedAt = this.now();
    this.probing = false;
  }
}

type FailureReason = 'CONNECTION_FAILED' | 'TIMEOUT' | 'HTTP_ERROR' | 'CIRCUIT_OPEN';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Why a subgraph fetch failed, when the product (not the request) is at fault; null otherwise. */
export function classifyFetchError(error: unknown): Exclude<FailureReason, 'CIRCUIT_OPEN'> | null {
  const err = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  const code = err.cause?.code ?? err.code;
  if (err.name === 'TimeoutError' || err.cause?.name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code)))
    return 'TIMEOUT';
  if (code && CONNECTION_CODES.has(code)) return 'CONNECTION_FAILED';
  const status = (error as { extensions?: { response?: { status?: number } } }).extensions?.response?.status;
  if (typeof status === 'number' && status >= 500) return 'HTTP_ERROR';
  return null;
}

const describe: Record<FailureReason, (timeoutMs: number) => string> = {
  CONNECTION_FAILED: () => 'it refused or dropped the connection',
  TIMEOUT: (ms) => `it did not answer within ${ms} ms (SUBGRAPH_TIMEOUT_MS)`,
  HTTP_ERROR: () => 'it answered with a server error',
  CIRCUIT_OPEN: () => 'it failed repeatedly, so the gateway stops calling it for a short cool-down',
};

/** Per-request timeout for one product's fetches: aborts the request and the body read. */
export function withTimeout(fetch: SubgraphFetch, timeoutMs: number): SubgraphFetch {
  return (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) } as typeof init);
}

export interface SubgraphFetchObserver {
  fetched(subgraph: string, seconds: number, outcome: 'ok' | FailureReason): void;
}

/**
 * Wraps every fetch the gateway sends to one product: circuit breaker, bounded retries with jitter for
 * queries on connection errors, and a failure turned into a `PRODUCT_UNAVAILABLE` error on that product's
 * fields, so the rest of the answer still comes back.
 */
export class SubgraphGuard {
  readonly breaker: CircuitBreaker;
  constructor(
    readonly name: string,
    private readonly options: ResilienceOptions & { timeoutMs: number },
    private readonly observer: SubgraphFetchObserver,
    private readonly logger: Logger,
  ) {
    this.breaker = new CircuitBreaker(options.breakerFailureThreshold, options.breakerCooldownMs);
  }

  async run(
    request: GraphQLDataSourceProcessOptions<object>,
    send: () => Promise<GatewayGraphQLResponse>,
  ): Promise<GatewayGraphQLResponse> {
    // Health checks and SDL fetches report their own failures; only client operations are guarded.
    if (request.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return send();
    const idempotent = request.incomingRequestContext.operation?.operation !== 'mutation';
    const permit = this.breaker.acquire();
    if (permit === 'rejected') {
      this.observer.fetched(this.name, 0, 'CIRCUIT_OPEN');
      return this.unavailable('CIRCUIT_OPEN');
    }
    const attempts = idempotent && permit === 'allowed' ? this.options.retries + 1 : 1;
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      try {
        const response = await send();
        this.observer.fetched(this.name, (performance.now() - started) / 1000, 'ok');
        this.breaker.succeeded();
        return response;
      } catch (error) {
        const reason = classifyFetchError(error);
        this.observer.fetched(this.name, (performance.now() - started) / 1000, reason ?? 'ok');
        if (reason === null) {
          // The product answered (e.g. 4xx): it is up; the error is about this request.
          this.breaker.succeeded();
          throw error;
        }
        if (reason === 'CONNECTION_FAILED' && attempt < attempts) {
          const base = this.options.retryBaseDelayMs * 2 ** (attempt - 1);
          await new Promise((resolve) => setTimeout(resolve, base / 2 + Math.random() * (base / 2)));
          continue;
        }
        this.breaker.failed();
        // The request's logger carries its request id and trace id.
        const log = (request.context as { logger?: Logger }).logger ?? this.logger;
        log.warn(
          {
            subgraph: this.name,
            reason,
            attempts: attempt,
            breaker: this.breaker.state,
            err: (error as Error).message,
          },
          'product unavailable',
        );
        return this.unavailable(reason);
      }
    }
  }

  private unavailable(reason: FailureReason): GatewayGraphQLResponse {
    return {
      errors: [
        {
          message:
            `Product "${this.name}" is unavailable: ${describe[reason](this.options.timeoutMs)}. ` +
            `Its fields in this answer are null; the other products answered. Retry later, or check /ready on the gateway.`,
          extensions: { code: PRODUCT_UNAVAILABLE, product: this.name, reason },
        },
      ],
    };
  }
}
