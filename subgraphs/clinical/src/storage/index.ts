import type { Knex, Logger } from '@mesh/product-kit';
import { createPatientStorage, type PatientStorage } from './patient-storage';
import { loadVocabulary, type Vocabulary } from './vocabulary';

export interface ClinicalStorage {
  patients: PatientStorage;
  vocabulary: Vocabulary;
  /** The snapshot's reference date: ages are computed at this date. */
  referenceDate: string;
}

export async function prepareClinicalStorage(
  db: Knex,
  snapshot: Record<string, string>,
): Promise<(scope: { logger: Logger }) => ClinicalStorage> {
  const vocabulary = await loadVocabulary(db);
  const referenceDate = snapshot.snapshot_date;
  if (!referenceDate) throw new Error('The clinical snapshot has no snapshot_date; regenerate it.');
  return () => ({ patients: createPatientStorage(db), vocabulary, referenceDate });
}
