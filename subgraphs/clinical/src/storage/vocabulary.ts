import type { Knex } from '@mesh/product-kit';

export interface DiagnosisCodeRow {
  code: string;
  display: string;
  chapter: string;
}

export interface LabTestRow {
  code: string;
  display: string;
  unit: string;
}

/** Code systems of this snapshot, read once: a served snapshot never changes. */
export interface Vocabulary {
  diagnosisCodes: Map<string, DiagnosisCodeRow>;
  labTests: Map<string, LabTestRow>;
}

export async function loadVocabulary(db: Knex): Promise<Vocabulary> {
  const [codes, tests] = await Promise.all([
    db<DiagnosisCodeRow>('diagnosis_codes').select('code', 'display', 'chapter').orderBy('code'),
    db<LabTestRow>('lab_tests').select('code', 'display', 'unit').orderBy('code'),
  ]);
  return {
    diagnosisCodes: new Map(codes.map((row) => [row.code, row])),
    labTests: new Map(tests.map((row) => [row.code, row])),
  };
}
