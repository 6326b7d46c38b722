import type { Knex, Logger } from '@mesh/product-kit';
import { loadAnalysisData, type AnalysisData } from './analysis-data';
import { createSampleStorage, type SampleStorage } from './sample-storage';
import { loadGeneVocabulary, type GeneVocabulary } from './vocabulary';

export interface GenomicsStorage {
  samples: SampleStorage;
  vocabulary: GeneVocabulary;
  /** The matrix and sample index for analyses, loaded on first use and kept for the snapshot's life. */
  analysisData(): Promise<AnalysisData>;
}

export async function prepareGenomicsStorage(
  db: Knex,
): Promise<(scope: { logger: Logger }) => GenomicsStorage> {
  const vocabulary = await loadGeneVocabulary(db);
  let analysisData: Promise<AnalysisData> | undefined;
  const getAnalysisData = () => (analysisData ??= loadAnalysisData(db));
  // Load the matrix now, while the product starts, so the first analysis is as fast as the next ones.
  await getAnalysisData();
  return () => ({ samples: createSampleStorage(db), vocabulary, analysisData: getAnalysisData });
}
