import { request } from 'undici';
import { asUser, waitForHealthy } from '@mesh/testing';
import { startGateway, type RunningGateway } from '../src';
import { MIB } from '../src/bounded-cache';
import { startClinicalAndGenomics, testLogger, type TestProducts } from './support/products';

/*
 * A flood of distinct operations (each valid, each small) fills every per-operation cache of the gateway
 * to its bound and no further, while an operation in steady use stays cached. The caches are set to 1 MiB
 * so the bound is reached after a few hundred operations; their estimates track the real heap cost
 * (./cache-estimates.test.ts), so a bound in estimated bytes is a bound in memory.
 */
const DISTINCT = 5_100;
const HOT = 'query Hot { clinicalProduct { version } }';
// Three kinds, so each cache sees distinct entries: planned by the gateway's executor, planned by Apollo's
// (the query-plan debug header sends an operation there), and authorized with a refused field.
const KINDS: ((i: number) => { query: string; apolloPlan?: boolean })[] = [
  (i: number) => ({ query: `query Mesh${i} { clinicalProduct { version } }` }),
  (i: number) => ({ query: `query Apollo${i} { clinicalProduct { name } }`, apolloPlan: true }),
  (i: number) => ({ query: `query Refused${i} { patients(first: 1) { nodes { id birthYear } } }` }),
];

describe('per-operation caches under a flood of distinct operations', () => {
  let products: TestProducts;
  let gateway: RunningGateway;
  // An analyst: reads patients, but not their year of birth (clinical:identifiable).
  let analyst: Record<string, string>;
  beforeAll(async () => {
    analyst = await asUser('alice');
    products = await startClinicalAndGenomics();
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: products.subgraphs(),
      logger: testLogger('gateway'),
      documentCacheMiB: 1,
      queryPlanCacheMiB: 1,
      authorizationCacheMiB: 1,
    });
    await waitForHealthy(`${gateway.origin}/ready`);
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await products?.close();
  });

  async function send(query: string, apolloPlan = false) {
    const response = await request(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...analyst,
        ...(apolloPlan ? { 'apollo-query-plan-experimental': '1' } : {}),
      },
      body: JSON.stringify({ query }),
    });
    const body = (await response.body.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect({ status: response.statusCode, data: Boolean(body.data), errors: body.errors }).toMatchObject({
      status: 200,
      data: true,
    });
  }

  it('each cache stays within its bound, evicts the least recently used, keeps the hot operation', async () => {
    let next = 0;
    const worker = async () => {
      while (next < DISTINCT) {
        const i = next++;
        const { query, apolloPlan } = KINDS[i % KINDS.length]!(i);
        await send(query, apolloPlan);
        if (i % 10 === 0) await send(HOT);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const caches = gateway.caches();
    const perKind = DISTINCT / KINDS.length;
    for (const [name, stats] of Object.entries(caches)) {
      expect({ name, maxBytes: stats.maxBytes }).toEqual({ name, maxBytes: MIB });
      expect({ name, within: stats.bytes <= stats.maxBytes }).toEqual({ name, within: true });
      // Full (the flood reached the bound), and evicting (far fewer entries than operations seen).
      expect({ name, full: stats.bytes > 0.8 * stats.maxBytes }).toEqual({ name, full: true });
      expect({ name, evicted: stats.entries < perKind }).toEqual({ name, evicted: true });
    }
    // The hot operation is still prepared, not planned again.
    const prepared = gateway.stats.plans.prepared;
    await send(HOT);
    expect(gateway.stats.plans.prepared).toBe(prepared);
  }, 180_000);
});
