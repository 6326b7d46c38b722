import type { Knex, Logger } from '@mesh/product-kit';
import { buildAnalysisFrame, type AnalysisFrame } from './analysis-frame';
import { createCohortStorage, type CohortStorage } from './cohort-storage';
import { createPatientStorage, type PatientStorage } from './patient-storage';
import { listVariables, type Variable } from './variables';
import { loadVocabulary, type Vocabulary } from './vocabulary';

export interface ClinicalStorage {
  patients: PatientStorage;
  cohorts: CohortStorage;
  vocabulary: Vocabulary;
  variables: Variable[];
  /** The snapshot's reference date: ages are computed at this date. */
  referenceDate: string;
  /** Columnar copy for analyses, built on first use and kept for the life of the snapshot. */
  frame(): Promise<AnalysisFrame>;
}

export async function prepareClinicalStorage(
  db: Knex,
  snapshot: Record<string, string>,
): Promise<(scope: { logger: Logger }) => ClinicalStorage> {
  const vocabulary = await loadVocabulary(db);
  const referenceDate = snapshot.snapshot_date;
  if (!referenceDate) throw new Error('The clinical snapshot has no snapshot_date; regenerate it.');
  const variables = listVariables(vocabulary);
  let frame: Promise<AnalysisFrame> | undefined;
  const getFrame = () => (frame ??= buildAnalysisFrame(db, vocabulary, referenceDate));
  // Build it now, while the product starts, so the first analysis is as fast as the next ones.
  await getFrame();
  return () => ({
    patients: createPatientStorage(db),
    cohorts: createCohortStorage(db, vocabulary, referenceDate),
    vocabulary,
    variables,
    referenceDate,
    frame: getFrame,
  });
}
