import { copyFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startClinical } from '@mesh/clinical';
import { createLogger } from '@mesh/product-kit';
import { createTestSnapshots, graphql, startLocalMesh, waitForHealthy, type LocalMesh } from '@mesh/testing';
import { composeSupergraph, CompositionError, SubgraphUnreachableError } from '../src/compose';
import { startGateway } from '../src/server';

const silent = createLogger('test', 'silent');

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('gateway start-up', () => {
  it('fails with a clear error naming the product that does not answer', async () => {
    const port = await closedPort();
    const started = startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [{ name: 'clinical', url: `http://127.0.0.1:${port}/graphql` }],
      startupTimeoutMs: 300,
      logger: silent,
    });
    await expect(started).rejects.toBeInstanceOf(SubgraphUnreachableError);
    await expect(started).rejects.toThrow(
      /Product "clinical" at http:\/\/127\.0\.0\.1:\d+\/graphql did not answer .*ECONNREFUSED.*npm start/,
    );
  });

  it('reports every composition error', () => {
    const a = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
      type Query { a: Int } type Patient @key(fields: "id") { id: ID! age: Int! }`;
    const b = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
      type Query { b: Int } type Patient @key(fields: "id") { id: ID! age: String! }`;
    expect(() =>
      composeSupergraph([
        { name: 'a', url: 'http://a', sdl: a },
        { name: 'b', url: 'http://b', sdl: b },
      ]),
    ).toThrow(CompositionError);
    try {
      composeSupergraph([
        { name: 'a', url: 'http://a', sdl: a },
        { name: 'b', url: 'http://b', sdl: b },
      ]);
    } catch (error) {
      expect((error as CompositionError).errors.join('\n')).toContain('Patient.age');
    }
  });

  describe('with products running', () => {
    let mesh: LocalMesh;
    beforeAll(async () => {
      mesh = await startLocalMesh();
    });
    afterAll(() => mesh.close());

    it('serves a static supergraph file (--supergraph mode)', async () => {
      const file = join(mesh.dataDir, 'supergraph.graphql');
      writeFileSync(file, mesh.gateway.supergraphSdl);
      const gateway = await startGateway({
        port: 0,
        host: '127.0.0.1',
        subgraphs: [],
        supergraphFile: file,
        logger: silent,
      });
      try {
        await waitForHealthy(`${gateway.origin}/health`);
        // Without a registry or product endpoints to ask, every product counts as private: sign in.
        const result = await graphql<{ patient: { id: string; samples: unknown[] | null } }>(
          gateway.url,
          '{ patient(id: "PAT-000010") { id samples { id } } }',
          undefined,
          mesh.as.ada,
        );
        expect(result.errors).toBeUndefined();
        expect(result.data?.patient.id).toBe('PAT-000010');
        expect(result.data?.patient.samples?.length).toBeGreaterThan(0);
      } finally {
        await gateway.close();
      }
    });

    it('is ready only while every product is healthy', async () => {
      const ready = await fetch(`${mesh.gateway.origin}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
    });
  });
});

describe('dataVersion follows the data', () => {
  it('is stable for the same snapshot, and changes when one value changes', async () => {
    const snapshots = await createTestSnapshots({ patients: 200, samples: 50, genes: 60 });
    const again = await createTestSnapshots({ patients: 200, samples: 50, genes: 60 });
    const edited = join(snapshots.dir, 'edited.sqlite');
    copyFileSync(snapshots.clinical, edited);
    const db = new Database(edited);
    db.prepare('UPDATE lab_results SET value = value + 0.1 WHERE id = 1').run();
    db.close();

    const versionOf = async (file: string) => {
      const product = await startClinical({ databaseFile: file, port: 0, host: '127.0.0.1', logger: silent });
      try {
        const result = await graphql<{ clinicalProduct: { dataVersion: string } }>(
          product.url,
          '{ clinicalProduct { dataVersion } }',
        );
        return result.data!.clinicalProduct.dataVersion;
      } finally {
        await product.close();
      }
    };
    try {
      const original = await versionOf(snapshots.clinical);
      expect(await versionOf(again.clinical)).toBe(original);
      expect(await versionOf(edited)).not.toBe(original);
    } finally {
      snapshots.remove();
      again.remove();
    }
  });

  it('refuses to start on a missing snapshot, saying how to make one', async () => {
    await expect(
      startClinical({
        databaseFile: '/nonexistent/clinical.sqlite',
        port: 0,
        host: '127.0.0.1',
        logger: silent,
      }),
    ).rejects.toThrow(/npm run generate-data/);
  });
});
