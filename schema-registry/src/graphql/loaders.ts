import type { Knex } from 'knex';
import { createLoader, groupRows } from '@mesh/product-kit';
import { createSchemaVersionsStorage, type VersionSubgraph } from '../storage/schema-versions-storage';

/** Request-scoped loaders: a page of versions loads its SDLs and subgraph lists in one statement each. */
export function createRegistryLoaders(db: Knex) {
  const storage = createSchemaVersionsStorage(db);
  return {
    blob: createLoader<string, string>(async (hashes) => {
      const texts = await storage.blobs(hashes);
      return hashes.map((hash) => texts.get(hash) ?? new Error(`missing blob ${hash}`));
    }),
    subgraphs: createLoader<number, VersionSubgraph[]>(async (seqs) => {
      const bySeq = await storage.subgraphsOf(seqs);
      return groupRows(seqs, [...bySeq.values()].flat(), (row) => row.seq);
    }),
  };
}
export type RegistryLoaders = ReturnType<typeof createRegistryLoaders>;
