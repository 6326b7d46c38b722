import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@mesh/product-kit';
import { graphql, startLocalMesh, waitForHealthy, type LocalMesh } from '@mesh/testing';
import { loadTrustedDocuments, startGateway, type RunningGateway } from '../src';

const LISTED = 'query PatientCount { patients(first: 1) { totalCount } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('trusted documents (persisted query manifest)', () => {
  let mesh: LocalMesh;
  let gateway: RunningGateway;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-'));
    const manifest = join(dir, 'manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256(LISTED), name: 'PatientCount', type: 'query', body: LISTED }],
      }),
    );
    mesh = await startLocalMesh();
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [{ name: 'clinical', url: mesh.clinical.url }],
      logger: createLogger('gateway', 'silent'),
      trustedDocuments: loadTrustedDocuments(manifest, ['admin']),
    });
    await waitForHealthy(`${gateway.origin}/ready`);
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await mesh?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a listed operation sent in full', async () => {
    const answer = await graphql<{ patients: { totalCount: number } }>(gateway.url, LISTED, {}, mesh.as.alice);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.patients.totalCount).toBeGreaterThan(0);
  });

  it('runs a listed operation sent by its hash only', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...mesh.as.alice },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(LISTED) } } }),
    });
    const answer = (await response.json()) as { data?: { patients: { totalCount: number } } };
    expect(response.status).toBe(200);
    expect(answer.data?.patients.totalCount).toBeGreaterThan(0);
  });

  it('refuses any other operation with 403 PERSISTED_QUERY_NOT_IN_LIST, and keeps serving', async () => {
    const answer = await graphql(gateway.url, '{ patients(first: 2) { totalCount } }', {}, mesh.as.alice);
    expect(answer.status).toBe(403);
    expect(answer.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect((await graphql(gateway.url, LISTED, {}, mesh.as.alice)).errors).toBeUndefined();
  });

  it('lets a bypass role (admin) send any operation', async () => {
    const answer = await graphql(gateway.url, '{ patients(first: 2) { totalCount } }', {}, mesh.as.ada);
    expect(answer.errors).toBeUndefined();
  });

  it('an unknown hash is PERSISTED_QUERY_NOT_FOUND', async () => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...mesh.as.alice },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256('nope') } } }),
    });
    const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(answer.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a manifest whose ids are not the hashes of the bodies', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256('other'), body: LISTED }],
      }),
    );
    expect(() => loadTrustedDocuments(bad, [])).toThrow(/not the SHA-256 of its body/);
    writeFileSync(bad, '{"format": "nope"}');
    expect(() => loadTrustedDocuments(bad, [])).toThrow(/not an Apollo persisted query manifest/);
  });
});
