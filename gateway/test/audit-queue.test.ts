import { request } from 'undici';
import { graphql, startLocalMesh, type LocalMesh } from '@mesh/testing';
import type { AuditStore } from '../src/audit';

const PATIENTS = `query QueuePatients { patients(first: 2) { nodes { id } } }`;

describe('data-access audit off the request path', () => {
  let mesh: LocalMesh;
  let inserts = 0;
  /** A database that never answers: every write hangs. */
  const hanging: AuditStore = {
    kind: 'sqlite',
    insert: () => {
      inserts += 1;
      return new Promise(() => undefined);
    },
    query: () => new Promise(() => undefined),
    purge: () => new Promise(() => undefined),
    close: async () => undefined,
  };

  beforeAll(async () => {
    mesh = await startLocalMesh({
      audit: { store: hanging, maxQueue: 4, batchSize: 2, closeTimeoutMs: 10 },
    });
  });
  afterAll(() => mesh?.close());

  it('answers every query while the audit database hangs; the queue stays bounded and counts what it drops', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => graphql(mesh.gateway.url, PATIENTS, {}, mesh.as.alice)),
    );
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const stats = mesh.gateway.audit.stats();
    expect(stats.recorded).toBe(20);
    expect(inserts).toBeGreaterThan(0); // the background task did try to write
    expect(stats.written).toBe(0);
    expect(stats.queued).toBeLessThanOrEqual(4);
    // What was not queued, nor taken by the (hanging) write in flight, was dropped.
    expect(stats.dropped).toBeGreaterThanOrEqual(20 - 4 - 2);
    const metrics = await (await request(`${mesh.gateway.origin}/metrics`)).body.text();
    const dropped = Number(/^gateway_audit_events_dropped(?:\{\})? (\d+)/m.exec(metrics)?.[1]);
    expect(dropped).toBe(stats.dropped);
  });
});

describe('AUDIT=off', () => {
  let mesh: LocalMesh;
  beforeAll(async () => {
    mesh = await startLocalMesh({ audit: { enabled: false } });
  });
  afterAll(() => mesh?.close());

  it('records nothing and answers /audit with 404 AUDIT_DISABLED', async () => {
    await graphql(mesh.gateway.url, PATIENTS, {}, mesh.as.alice);
    expect(mesh.gateway.audit.stats().recorded).toBe(0);
    const answer = await request(`${mesh.gateway.origin}/audit?product=clinical`, { headers: mesh.as.ada });
    expect(answer.statusCode).toBe(404);
    expect(await answer.body.json()).toMatchObject({ error: { code: 'AUDIT_DISABLED' } });
  });
});
