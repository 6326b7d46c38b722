import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClinical } from '@mesh/clinical';
import { startGenomics } from '@mesh/genomics';
import { startTrials } from '@mesh/trials';
import { createLogger, type RunningProduct } from '@mesh/product-kit';
import { startRegistry, type RunningRegistry } from '@mesh/schema-registry';
import { asUser, createTestSnapshots, graphql, waitForHealthy } from '@mesh/testing';
import { startGateway, type RunningGateway } from '../src';

/*
 * The gateway's availability promises, checked under concurrent load (not timed: counted). Phases advance
 * on the number of answers received, never on sleeps.
 */
const silent = (name: string) => createLogger(name, process.env.MESH_TEST_LOG_LEVEL ?? 'silent');
const CLIENTS = 8;

interface Outcome {
  kind: string;
  ok: boolean;
  codes: string[];
  phase: string;
}

/** Runs CLIENTS concurrent request loops until `done()`; `request(i)` picks what request i asks. */
async function underLoad(
  request: (i: number) => Promise<Omit<Outcome, 'phase'>>,
  phase: () => string,
  done: () => boolean,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (!done()) {
        const asked = phase();
        const outcome = await request(next++).catch((error: Error) => ({
          kind: 'network',
          ok: false,
          codes: [error.message],
        }));
        outcomes.push({ ...outcome, phase: asked });
      }
    }),
  );
  return outcomes;
}

const codesOf = (answer: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (answer.errors ?? []).map((error) => String(error.extensions?.code));

describe('a product killed under load', () => {
  let snapshots: Awaited<ReturnType<typeof createTestSnapshots>>;
  let clinical: RunningProduct;
  let genomics: RunningProduct;
  let trials: RunningProduct;
  let gateway: RunningGateway;
  let headers: Record<string, string>;

  beforeAll(async () => {
    snapshots = await createTestSnapshots({ patients: 300, samples: 80, genes: 60 });
    const host = '127.0.0.1';
    clinical = await startClinical({
      databaseFile: snapshots.clinical,
      port: 0,
      host,
      logger: silent('clinical'),
    });
    genomics = await startGenomics({
      databaseFile: snapshots.genomics,
      port: 0,
      host,
      logger: silent('genomics'),
    });
    trials = await startTrials({ databaseFile: snapshots.trials, port: 0, host, logger: silent('trials') });
    gateway = await startGateway({
      port: 0,
      host,
      subgraphs: [
        { name: 'clinical', url: clinical.url },
        { name: 'genomics', url: genomics.url },
        { name: 'trials', url: trials.url },
      ],
      resilience: { breakerFailureThreshold: 3, breakerCooldownMs: 200, retries: 1, retryBaseDelayMs: 5 },
      logger: silent('gateway'),
    });
    await waitForHealthy(`${gateway.origin}/ready`);
    headers = await asUser('ada');
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([clinical?.close(), genomics?.close(), trials?.close()]);
    snapshots?.remove();
  });

  it('the other products answer 100%, the dead one fails with PRODUCT_UNAVAILABLE, and recovers on restart', async () => {
    const queries = [
      ['clinical', '{ patients(first: 5) { totalCount } }'],
      ['trials', '{ trials { id } }'],
      ['genomics', '{ genes(first: 3) { nodes { symbol } } }'],
    ] as const;
    let phase: 'up' | 'down' | 'restarted' = 'up';
    let answers = 0;
    let recoveredAt = -1;
    const genomicsPort = Number(new URL(genomics.url).port);
    let transition: Promise<void> = Promise.resolve();

    const outcomes = await underLoad(
      async (i) => {
        const [kind, query] = queries[i % queries.length]!;
        const answer = await graphql(gateway.url, query, {}, headers);
        answers += 1;
        const ok = answer.status === 200 && !answer.errors;
        if (kind === 'genomics' && ok && phase === 'restarted' && recoveredAt < 0) recoveredAt = answers;
        if (answers === 150 && phase === 'up') {
          phase = 'down';
          transition = genomics.close();
        } else if (answers === 400 && phase === 'down') {
          phase = 'restarted';
          transition = transition.then(async () => {
            genomics = await startGenomics({
              databaseFile: snapshots.genomics,
              port: genomicsPort,
              host: '127.0.0.1',
              logger: silent('genomics'),
            });
          });
        }
        return { kind, ok, codes: codesOf(answer) };
      },
      () => phase,
      () => (recoveredAt > 0 && answers > recoveredAt + 150) || answers > 20_000,
    );
    await transition;

    const others = outcomes.filter((outcome) => outcome.kind !== 'genomics');
    expect(others.length).toBeGreaterThan(300);
    expect(others.filter((outcome) => !outcome.ok)).toEqual([]);
    const whileDown = outcomes.filter(
      (outcome) => outcome.kind === 'genomics' && outcome.phase === 'down' && !outcome.ok,
    );
    expect(whileDown.length).toBeGreaterThan(0);
    for (const outcome of whileDown) expect(outcome.codes).toEqual(['PRODUCT_UNAVAILABLE']);
    expect(recoveredAt).toBeGreaterThan(0);
    // After the first success following the restart, genomics answers again (its breaker closed).
    const late = outcomes.slice(-60).filter((outcome) => outcome.kind === 'genomics');
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((outcome) => outcome.ok)).toBe(true);
  }, 120_000);
});

describe('50 supergraph updates under load', () => {
  const ADMIN = 'under-load-admin-token-0123456789';
  let snapshots: Awaited<ReturnType<typeof createTestSnapshots>>;
  let dir: string;
  let clinical: RunningProduct;
  let genomics: RunningProduct;
  let registry: RunningRegistry;
  let gateway: RunningGateway;
  let clinicalSdl: string;

  const publish = async (product: string, url: string, sdl: string, version = '2.0.0') => {
    const answer = await graphql<{
      publish: { status: string; message: string; version: { id: string } | null };
    }>(
      registry.url,
      'mutation($input: PublishInput!) { publish(input: $input) { status message version { id } } }',
      { input: { product, routingUrl: url, sdl, version } },
      { authorization: `Bearer ${ADMIN}` },
    );
    expect({ status: answer.data?.publish.status, errors: answer.errors }).toEqual({
      status: 'PUBLISHED',
      errors: undefined,
    });
    return answer.data!.publish.version!.id;
  };

  beforeAll(async () => {
    snapshots = await createTestSnapshots({ patients: 200, samples: 60, genes: 60 });
    dir = mkdtempSync(join(tmpdir(), 'under-load-'));
    const host = '127.0.0.1';
    clinical = await startClinical({
      databaseFile: snapshots.clinical,
      port: 0,
      host,
      logger: silent('clinical'),
    });
    genomics = await startGenomics({
      databaseFile: snapshots.genomics,
      port: 0,
      host,
      logger: silent('genomics'),
    });
    registry = await startRegistry({
      port: 0,
      host,
      adminToken: ADMIN,
      databaseFile: join(dir, 'registry.sqlite'),
      logger: silent('registry'),
    });
    await waitForHealthy(`${registry.origin}/ready`);
    const sdlOf = async (url: string) =>
      (await graphql<{ _service: { sdl: string } }>(url, '{ _service { sdl } }')).data!._service.sdl;
    clinicalSdl = await sdlOf(clinical.url);
    await publish('clinical', clinical.url, clinicalSdl);
    await publish('genomics', genomics.url, await sdlOf(genomics.url));
    gateway = await startGateway({
      port: 0,
      host,
      subgraphs: [],
      registry: { origin: registry.origin, token: ADMIN, waitSeconds: 5, usageFlushMs: 0 },
      logger: silent('gateway'),
    });
    await waitForHealthy(`${gateway.origin}/ready`);
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await registry?.close();
    await Promise.all([clinical?.close(), genomics?.close()]);
    snapshots?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every request while the gateway switches supergraphs 50 times', async () => {
    const headers = await asUser('ada');
    const served = new Set<string>();
    let publishing = true;
    const updates = (async () => {
      try {
        for (let revision = 1; revision <= 50; revision++) {
          // An additive change (a new documented field) each time: a new supergraph the gateway must switch to.
          const sdl = clinicalSdl.replace(
            /type Query \{/,
            `type Query {\n  "Revision marker ${revision}."\n  rev${revision}: String`,
          );
          const id = await publish('clinical', clinical.url, sdl, `2.${revision}.0`);
          while (gateway.supergraphId() !== id) await once(gateway.events, 'update');
          served.add(id);
        }
      } finally {
        publishing = false;
      }
    })();
    const outcomes = await underLoad(
      async (i) => {
        const answer = await graphql(
          gateway.url,
          '{ patients(first: 5) { totalCount nodes { id samples { id } } } }',
          { i },
          headers,
        );
        return { kind: 'cross-product', ok: answer.status === 200 && !answer.errors, codes: codesOf(answer) };
      },
      () => 'switching',
      () => !publishing,
    );
    await updates;
    expect(served.size).toBe(50);
    expect(outcomes.length).toBeGreaterThan(100);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    // All of them ran on the gateway's own plan executor, each on the supergraph it was validated against
    // (none was handed to Apollo's executor for want of a prepared supergraph).
    expect(gateway.stats.plans.delegated).toBe(0);
    expect(gateway.stats.plans.executed).toBeGreaterThanOrEqual(outcomes.length);
  }, 180_000);
});
