import type { Knex, Logger } from '@mesh/product-kit';
import { createSampleStorage, type SampleStorage } from './sample-storage';
import { loadGeneVocabulary, type GeneVocabulary } from './vocabulary';

export interface GenomicsStorage {
  samples: SampleStorage;
  vocabulary: GeneVocabulary;
}

export async function prepareGenomicsStorage(
  db: Knex,
): Promise<(scope: { logger: Logger }) => GenomicsStorage> {
  const vocabulary = await loadGeneVocabulary(db);
  return () => ({ samples: createSampleStorage(db), vocabulary });
}
