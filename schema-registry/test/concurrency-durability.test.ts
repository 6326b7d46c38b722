import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { graphql } from '@mesh/testing';
import { clinicalSdl, genomicsSdl } from './fixtures';
import {
  ADMIN_TOKEN,
  countRows,
  createTestDatabase,
  DATABASES,
  PUBLISH,
  publishInput,
  startTestRegistry,
  type PublishData,
} from './support';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe.each(DATABASES)('concurrency and durability (%s)', (kind) => {
  it('100 concurrent publishes of mixed products leave a linear, complete history', async () => {
    const t = await startTestRegistry(kind);
    try {
      await t.gql(PUBLISH, publishInput('clinical', clinicalSdl(), '1.0.0'));
      await t.gql(PUBLISH, publishInput('genomics', genomicsSdl(), '1.0.0'));
      const requests = Array.from({ length: 100 }, (_, i) => {
        const product = i % 2 === 0 ? 'clinical' : 'genomics';
        const sdl =
          product === 'clinical'
            ? clinicalSdl({ extraPatientFields: `field${i}: Int` })
            : genomicsSdl({ extraSampleFields: `field${i}: Int` });
        return { i, product, sdl, version: `1.1.${i}` };
      });
      const results = await Promise.all(
        requests.map(async (r) => ({
          ...r,
          answer: await t.gql<PublishData>(PUBLISH, publishInput(r.product, r.sdl, r.version)),
        })),
      );
      for (const r of results) expect(r.answer.data?.publish.status).toBe('PUBLISHED');
      const seqs = results.map((r) => r.answer.data!.publish.version!.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 3));

      // Straight from the store: each version holds exactly its publish plus the previous version's other product.
      const db = t.registry.context.db;
      const rows = (await db('version_subgraphs as v')
        .join('blobs as b', 'b.hash', 'v.sdl_hash')
        .select('v.seq', 'v.product', 'b.content')
        .orderBy(['v.seq', 'v.product'])) as {
        seq: number;
        product: string;
        content: string;
      }[];
      const bySeq = new Map<number, Record<string, string>>();
      for (const row of rows)
        bySeq.set(Number(row.seq), { ...bySeq.get(Number(row.seq)), [row.product]: row.content });
      const publishedAt = new Map(results.map((r) => [r.answer.data!.publish.version!.seq, r]));
      for (let seq = 3; seq <= 102; seq++) {
        const r = publishedAt.get(seq)!;
        const other = r.product === 'clinical' ? 'genomics' : 'clinical';
        expect(bySeq.get(seq)![r.product]).toBe(r.sdl);
        expect(bySeq.get(seq)![other]).toBe(bySeq.get(seq - 1)![other]);
      }
      expect(await countRows(t.registry, 'schema_versions')).toBe(102);
      const head = (await db('registry_state').first('head_seq')) as { head_seq: number };
      expect(Number(head.head_seq)).toBe(102);
    } finally {
      await t.close();
    }
  }, 120_000);

  it('a registry killed in the middle of a publish leaves the previous state intact', async () => {
    const database = await createTestDatabase(kind);
    const dir = mkdtempSync(join(tmpdir(), 'registry-crash-'));
    const pauseFile = join(dir, 'paused');
    try {
      let registry = await spawnRegistry(database.env);
      await graphql(
        `${registry.origin}/graphql`,
        PUBLISH,
        publishInput('clinical', clinicalSdl(), '1.0.0'),
        auth,
      );
      await graphql(
        `${registry.origin}/graphql`,
        PUBLISH,
        publishInput('genomics', genomicsSdl(), '1.0.0'),
        auth,
      );
      const before = await fetch(`${registry.origin}/supergraph`, { headers: auth });
      const etag = before.headers.get('etag');
      await registry.stop();

      registry = await spawnRegistry({ ...database.env, REGISTRY_TEST_PAUSE_FILE: pauseFile });
      const hanging = graphql(
        `${registry.origin}/graphql`,
        PUBLISH,
        publishInput('clinical', clinicalSdl({ queryFields: 'lost: Int' }), '1.1.0'),
        auth,
      ).catch((error: Error) => error);
      await waitForFile(pauseFile, 30_000);
      registry.child.kill('SIGKILL');
      expect(await hanging).toBeInstanceOf(Error);
      await registry.exited;

      registry = await spawnRegistry(database.env);
      try {
        const after = await fetch(`${registry.origin}/supergraph`, { headers: auth });
        expect(after.headers.get('etag')).toBe(etag);
        const state = await graphql<{
          history: { versions: { seq: number }[] };
          product: { currentVersion: string; versions: string[] };
        }>(
          `${registry.origin}/graphql`,
          '{ history { versions { seq } } product(name: "clinical") { currentVersion versions } }',
          undefined,
          auth,
        );
        expect(state.data!.history.versions.map((v) => v.seq)).toEqual([2, 1]);
        expect(state.data!.product).toEqual({ currentVersion: '1.0.0', versions: ['1.0.0'] });
        const again = await graphql<PublishData>(
          `${registry.origin}/graphql`,
          PUBLISH,
          publishInput('clinical', clinicalSdl({ queryFields: 'lost: Int' }), '1.1.0'),
          auth,
        );
        expect(again.data!.publish).toMatchObject({ status: 'PUBLISHED', version: { seq: 3 } });
      } finally {
        await registry.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  }, 120_000);
});

const ROOT = resolve(__dirname, '..', '..');

/** Starts the registry's real entry point as a child process (one Node process: tsx as an import hook). */
async function spawnRegistry(
  env: Record<string, string>,
): Promise<{ origin: string; child: ChildProcess; exited: Promise<unknown>; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', 'schema-registry/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        REGISTRY_ADMIN_TOKEN: ADMIN_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const origin = await new Promise<string>((resolveOrigin, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(line);
      if (match && line.includes('schema registry serving')) resolveOrigin(match[1]!);
    });
    void exited.then(() => reject(new Error(`registry exited before serving: ${stderr}`)));
  });
  return {
    origin,
    child,
    exited,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Waits for the condition "the registry is paused inside its transaction" (its marker file exists). */
async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${timeoutMs} ms`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 20));
  }
}
