/**
 * Closed-loop HTTP load generator: `concurrency` virtual users, each POSTing a JSON body and waiting for the
 * whole answer before sending the next (like k6 with constant VUs), over an undici Pool with one keep-alive
 * connection per user. A request fails when the status is not 200, the body contains `"errors"` (k6.js's
 * check) or the body length differs from the verified answer's.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface LoadOptions {
  url: string;
  concurrency: number;
  seconds: number;
  /** Body and extra headers of the next request. */
  next: () => { body: string; headers?: Record<string, string> };
  /** Length of the verified answer; any other length counts as a failure. */
  expectedLength: number;
  /** Called about once a second with the elapsed seconds and requests completed so far. */
  onTick?: (elapsedSeconds: number, completed: number) => void;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, { connections: options.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const fail = (reason: string) => {
    errors += 1;
    firstError ??= reason;
  };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const ticker = setInterval(
    () => options.onTick?.((performance.now() - started) / 1000, latencies.length + errors),
    1000,
  );
  try {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) {
          const { body, headers } = options.next();
          const t0 = performance.now();
          try {
            const response = await pool.request({
              path: target.pathname,
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers },
              body,
            });
            const text = await response.body.text();
            const elapsed = performance.now() - t0;
            if (response.statusCode !== 200) fail(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
            else if (text.includes('"errors"')) fail(`GraphQL errors: ${text.slice(0, 300)}`);
            else if (text.length !== options.expectedLength)
              fail(`answer of ${text.length} characters instead of ${options.expectedLength}`);
            else latencies.push(elapsed);
          } catch (error) {
            fail((error as Error).message);
          }
        }
      }),
    );
  } finally {
    clearInterval(ticker);
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    errors,
    firstError,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}
