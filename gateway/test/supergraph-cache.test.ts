import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistrySupergraphManager, routingUrls } from '../src/registry-source';
import {
  CorruptSupergraphCacheError,
  loadSupergraphCache,
  saveSupergraphCache,
} from '../src/supergraph-cache';
import { testLogger } from './support/products';

describe('supergraph cache file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'supergraph-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is missing (null) when there is no file, and round-trips when saved', () => {
    const file = join(dir, 'supergraph.json');
    expect(loadSupergraphCache(file)).toBeNull();
    saveSupergraphCache(file, { id: 'sha256:1', supergraphSdl: 'schema { query: Query }' });
    expect(loadSupergraphCache(file)).toMatchObject({ id: 'sha256:1' });
  });

  it.each([
    ['not JSON', '{"id": "sha256:1", "supergraphSdl": "sch'],
    ['not a supergraph entry', '{"id": 1}'],
  ])(
    'is corrupt, not missing, when the file is %s: the error names the file and what to do',
    (_what, text) => {
      const file = join(dir, 'supergraph.json');
      writeFileSync(file, text);
      expect(() => loadSupergraphCache(file)).toThrow(CorruptSupergraphCacheError);
      expect(() => loadSupergraphCache(file)).toThrow(
        /supergraph cache .*supergraph\.json is corrupt .*Delete it/,
      );
    },
  );

  it('a gateway without registry says the cache is corrupt rather than missing', async () => {
    const file = join(dir, 'supergraph.json');
    writeFileSync(file, 'garbage');
    const manager = createRegistrySupergraphManager({
      registryOrigin: 'http://127.0.0.1:9', // discard port: nothing listens
      cacheFile: file,
      startupTimeoutMs: 300,
      logger: testLogger('cache-test'),
    });
    await expect(
      manager.initialize({
        update: () => undefined,
        healthCheck: async () => undefined,
        getDataSource: undefined,
      } as never),
    ).rejects.toThrow(/is corrupt .*Delete it/);
  });

  it('reads each subgraph routing URL from a supergraph (what the gateway warns about when it changes)', () => {
    const sdl = `enum join__Graph {
  CLINICAL @join__graph(name: "clinical", url: "http://127.0.0.1:4001/graphql")
  GENOMICS @join__graph(name: "genomics", url: "http://127.0.0.1:4002/graphql")
}`;
    expect([...routingUrls(sdl)]).toEqual([
      ['clinical', 'http://127.0.0.1:4001/graphql'],
      ['genomics', 'http://127.0.0.1:4002/graphql'],
    ]);
  });
});
