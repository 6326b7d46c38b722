import { Writable } from 'node:stream';
import pino from 'pino';
import { asUser, graphql, waitForHealthy } from '@mesh/testing';
import { startGateway, type RunningGateway } from '../src/server';
import { startFlakyProxy } from './support/flaky-proxy';
import { startClinicalAndGenomics, testLogger as silent, type TestProducts } from './support/products';

/*
 * A product that is down or slow only costs its own fields: real products, closed and restarted on the
 * same port, behind a real gateway with a short breaker cool-down.
 */
// clinicalProduct and patient come from clinical; gene (nullable) from genomics.
const MIXED =
  '{ clinicalProduct { name } patient(id: "PAT-000010") { id age } gene(symbol: "TP53") { symbol } }';
type Mixed = {
  clinicalProduct: { name: string };
  patient: { id: string } | null;
  gene: { symbol: string } | null;
};

async function readyState(gateway: RunningGateway) {
  const response = await fetch(`${gateway.origin}/ready`);
  const body = (await response.json()) as { products: { name: string; healthy: boolean; breaker: string }[] };
  return { status: response.status, genomics: body.products.find((p) => p.name === 'genomics')! };
}

/** Polls `check` until it returns a value, or fails after `timeoutMs` (no fixed sleeps). */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('gateway resilience', () => {
  let products: TestProducts;
  let gateway: RunningGateway;
  let genomicsPort: number;
  const logLines: string[] = [];
  /** The products are private: queries are signed in (ada may read everything), only the products fail. */
  let ada: Record<string, string>;
  const ask = <T = Mixed>(url: string, query: string, headers: Record<string, string> = {}) =>
    graphql<T>(url, query, undefined, { ...ada, ...headers });

  beforeAll(async () => {
    ada = await asUser('ada');
    products = await startClinicalAndGenomics();
    genomicsPort = Number(new URL(products.genomics.origin).port);
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: products.subgraphs(),
      resilience: { retries: 2, retryBaseDelayMs: 5, breakerFailureThreshold: 3, breakerCooldownMs: 300 },
      logger: pino({ level: 'warn' }, sink),
    });
    await waitForHealthy(`${gateway.origin}/ready`);
  });
  afterAll(async () => {
    await gateway.close();
    await products.close();
  });

  it('keeps answering from the other products while one is down, opens its breaker, and recovers', async () => {
    const healthy = await ask(gateway.url, MIXED);
    expect(healthy.errors).toBeUndefined();
    expect(healthy.data?.gene).toEqual({ symbol: 'TP53' });

    await products.genomics.close();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const down = await ask(gateway.url, MIXED, {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(down.status).toBe(200);
    expect(down.data?.clinicalProduct).toEqual({ name: 'clinical' });
    expect(down.data?.patient?.id).toBe('PAT-000010');
    expect(down.data?.gene).toBeNull();
    expect(down.errors).toHaveLength(1);
    expect(down.errors?.[0]?.extensions).toMatchObject({
      code: 'PRODUCT_UNAVAILABLE',
      product: 'genomics',
      reason: 'CONNECTION_FAILED',
    });
    expect(down.errors?.[0]?.message).toMatch(/^Product "genomics" is unavailable/);
    // The warning is logged with the caller's trace id.
    const warning = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.msg === 'product unavailable');
    expect(warning).toMatchObject({ traceId, subgraph: 'genomics', attempts: 3 });

    // An entity fetch (Patient.samples) fails the same way; Patient.samples is nullable, so only the
    // samples become null: the patient (from clinical) and clinicalProduct still answer.
    const entities = await ask<{ clinicalProduct: { name: string }; patient: { id: string; samples: null } }>(
      gateway.url,
      '{ clinicalProduct { name } patient(id: "PAT-000010") { id samples { id } } }',
    );
    expect(entities.data).toEqual({
      clinicalProduct: { name: 'clinical' },
      patient: { id: 'PAT-000010', samples: null },
    });
    expect(entities.errors).toHaveLength(1);
    expect(entities.errors?.[0]).toMatchObject({
      extensions: { code: 'PRODUCT_UNAVAILABLE', product: 'genomics' },
    });

    // A third failure reaches the threshold (3); then the gateway fails fast without calling genomics.
    await ask(gateway.url, MIXED);
    const fast = await ask(gateway.url, MIXED);
    expect(fast.errors?.[0]?.extensions).toMatchObject({
      code: 'PRODUCT_UNAVAILABLE',
      product: 'genomics',
      reason: 'CIRCUIT_OPEN',
    });
    expect(fast.data?.clinicalProduct).toEqual({ name: 'clinical' });
    const open = await readyState(gateway);
    expect(open.status).toBe(503);
    expect(open.genomics).toMatchObject({ healthy: false, breaker: 'open' });

    // After the cool-down the breaker is half-open: one probe goes out; while genomics is still down it fails and re-opens.
    await eventually(
      async () => ((await readyState(gateway)).genomics.breaker === 'half_open' ? true : undefined),
      'half-open',
    );
    const probe = await ask(gateway.url, MIXED);
    expect(probe.errors?.[0]?.extensions).toMatchObject({ reason: 'CONNECTION_FAILED' });
    expect((await readyState(gateway)).genomics.breaker).toBe('open');

    // Restart genomics on the same port: the next probe succeeds and closes the breaker.
    await products.restartGenomics(genomicsPort);
    const recovered = await eventually(async () => {
      const result = await ask(gateway.url, MIXED);
      return result.errors ? undefined : result;
    }, 'recovery');
    expect(recovered.data?.gene).toEqual({ symbol: 'TP53' });
    const ready = await readyState(gateway);
    expect(ready.status).toBe(200);
    expect(ready.genomics).toMatchObject({ healthy: true, breaker: 'closed' });
  });

  describe('behind a flaky connection', () => {
    let proxy: Awaited<ReturnType<typeof startFlakyProxy>>;
    let flaky: RunningGateway;
    beforeAll(async () => {
      proxy = await startFlakyProxy(products.genomics.origin);
      flaky = await startGateway({
        port: 0,
        host: '127.0.0.1',
        subgraphs: [
          { name: 'clinical', url: products.clinical.url },
          { name: 'genomics', url: proxy.url },
        ],
        subgraphTimeouts: { genomics: 300 },
        resilience: { retries: 2, retryBaseDelayMs: 5 },
        logger: silent('gateway'),
      });
    });
    afterAll(async () => {
      await flaky.close();
      await proxy.close();
    });

    it('retries a query whose fetch lost its connection, and the client sees no error', async () => {
      proxy.state.dropNext = 1;
      const before = proxy.state.seen;
      const result = await ask(flaky.url, MIXED);
      expect(result.errors).toBeUndefined();
      expect(result.data?.gene).toEqual({ symbol: 'TP53' });
      expect(proxy.state.seen - before).toBe(2);
      const metrics = await (await fetch(`${flaky.origin}/metrics`)).text();
      expect(metrics).toMatch(
        /gateway_subgraph_fetch_errors_total\{subgraph="genomics",reason="CONNECTION_FAILED"\} 1/,
      );
    });

    it('gives up on a slow product after its timeout with a clear error, and answers the rest', async () => {
      proxy.state.stall = true;
      const started = Date.now();
      const result = await ask(flaky.url, MIXED);
      proxy.release();
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(result.data?.clinicalProduct).toEqual({ name: 'clinical' });
      expect(result.data?.gene).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'PRODUCT_UNAVAILABLE',
        product: 'genomics',
        reason: 'TIMEOUT',
      });
      expect(result.errors?.[0]?.message).toMatch(/did not answer within 300 ms \(SUBGRAPH_TIMEOUT_MS\)/);
    });
  });
});
