import { buildSchema, parse } from 'graphql';
import { startRegistry, type RunningRegistry } from '@mesh/schema-registry';
import { createTestDatabase, DATABASES, waitForHealthy } from '@mesh/testing';
import { splitIntoBatches } from '../src/usage-batches';
import { createUsageReporter } from '../src/usage-reporter';
import { testLogger } from './support/products';

const silent = testLogger('usage-test');

/*
 * Usage reporting end to end (gateway reporter → real registry): one huge anonymous query cannot blind the
 * registry to everyone else's operations, and neither side grows without bound.
 */
const ADMIN = 'usage-test-admin-token-0123456';
const schema = buildSchema(`type Query { patients(first: Int): [Patient!]! note(text: String): String }
  type Patient { id: ID! age: Int }`);

const record = (reporter: ReturnType<typeof createUsageReporter>, body: string, name: string | null = null) =>
  reporter.record({ schema, document: parse(body), body, operationName: name });

/** A valid query of about `kb` KB: one field with a long string argument. */
const hugeQuery = (kb: number) => `query Huge { note(text: "${'x'.repeat(kb * 1024)}") }`;

describe.each(DATABASES)('bounded usage (%s)', (kind) => {
  let registry: RunningRegistry;
  let drop: () => Promise<void>;
  const rows = async (table: string) =>
    Number(((await registry.context.db(table).count({ n: '*' }).first()) as { n: string | number }).n);

  beforeAll(async () => {
    const database = await createTestDatabase(kind, 'registry');
    drop = database.drop;
    registry = await startRegistry({
      port: 0,
      host: '127.0.0.1',
      adminToken: ADMIN,
      logger: silent,
      databaseFile: database.databaseFile,
      databaseUrl: database.databaseUrl,
      usageMaxOperations: 100,
      usageMaxBodyChars: 65_536,
    });
    await waitForHealthy(`${registry.origin}/ready`);
  });
  afterAll(async () => {
    await registry.close();
    await drop();
  });

  it('a 150 KB query in a batch does not lose the batch’s other operations; its coordinates are kept', async () => {
    const reporter = createUsageReporter({
      registryOrigin: registry.origin,
      token: ADMIN,
      flushMs: 3_600_000,
      logger: silent,
    });
    record(reporter, 'query A { patients { id } }', 'A');
    record(reporter, hugeQuery(150), 'Huge');
    record(reporter, 'query B { patients(first: 2) { age } }', 'B');
    await reporter.close();
    expect(reporter.stats()).toMatchObject({ truncated: 1, dropped: 0, refused: 0 });
    const stored = (await registry.context.db('operations').select('name', 'body', 'body_chars')) as {
      name: string;
      body: string;
      body_chars: number | null;
    }[];
    expect(stored.map((op) => op.name).sort()).toEqual(['A', 'B', 'Huge']);
    const huge = stored.find((op) => op.name === 'Huge')!;
    expect(huge.body.length).toBe(65_536);
    expect(Number(huge.body_chars)).toBeGreaterThan(150 * 1024);
    const coordinates = await registry.context.db('operation_coordinates').pluck('coordinate');
    expect(coordinates).toEqual(expect.arrayContaining(['Query.note', 'Query.note(text)', 'Patient.age']));
  });

  it('the registry accepts a report per operation: an oversized one is stored truncated, a malformed one dropped and counted', async () => {
    const response = await fetch(`${registry.origin}/usage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({
        reports: [
          { body: hugeQuery(150), coordinates: ['Query.note'], count: 1 },
          { body: '{ patients { id } } # C', coordinates: ['Query.patients', 'Patient.id'], count: 2 },
          { body: '{ x }', coordinates: ['bad coordinate!'], count: 1 },
        ],
      }),
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 2, dropped: 1, truncated: 1 });
    const ready = (await (await fetch(`${registry.origin}/ready`)).json()) as { usage: { dropped: number } };
    expect(ready.usage.dropped).toBeGreaterThanOrEqual(1);
  });

  it('distinct operations beyond the caps are counted, not kept: reporter memory and registry rows stay bounded', async () => {
    const reporter = createUsageReporter({
      registryOrigin: registry.origin,
      token: ADMIN,
      flushMs: 3_600_000,
      logger: silent,
      maxPending: 50,
      limits: { maxBatchOperations: 20 },
    });
    for (let i = 0; i < 300; i += 1)
      record(reporter, `query Q${i} { patients(first: ${i}) { id } }`, `Q${i}`);
    expect(reporter.stats()).toMatchObject({ recorded: 300, dropped: 250 });
    await reporter.close();
    for (let round = 0; round < 3; round += 1) {
      const reports = Array.from({ length: 60 }, (_, i) => ({
        body: `{ patients(first: ${round * 1000 + i}) { id } }`,
        coordinates: ['Query.patients'],
        count: 1,
      }));
      const response = await fetch(`${registry.origin}/usage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ reports }),
      });
      expect(response.status).toBe(202);
    }
    expect(await rows('operations')).toBeLessThanOrEqual(100);
    expect(registry.context.usage.stats.expired).toBeGreaterThan(0);
    const orphans = await registry.context
      .db('operation_coordinates')
      .whereNotIn('hash', registry.context.db('operations').select('hash'))
      .count({ n: '*' })
      .first();
    expect(Number((orphans as { n: string | number }).n)).toBe(0);
  });
});

describe('usage batches', () => {
  it('splits under the byte and count limits, never leaving an entry out', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({
      operationName: null,
      body: 'x'.repeat(i % 2 ? 400 : 10),
      client: { name: 'c', version: '1' },
      coordinates: ['Query.a'],
      count: 1,
      at: '2026-01-01T00:00:00.000Z',
    }));
    const batches = splitIntoBatches(entries, { maxBatchBytes: 2_000, maxBatchOperations: 7 });
    expect(batches.flat()).toEqual(entries);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(7);
      expect(Buffer.byteLength(JSON.stringify({ reports: batch }))).toBeLessThanOrEqual(2_000);
    }
  });
});
