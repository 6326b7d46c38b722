import { createLoader, groupRows, indexRows, loaderFamily, type Knex } from '@mesh/product-kit';
import { applyCohort, filterNode, type CohortNode } from './cohort-criteria';
import type { PatientCriteria } from './patient-filter';

export interface PatientRow {
  id: string;
  sex: 'female' | 'male';
  birth_date: string;
}

export interface DiagnosisRow {
  patient_id: string;
  code: string;
  onset_date: string;
}

export interface EncounterRow {
  id: string;
  patient_id: string;
  date: string;
  type: string;
}

export interface LabResultRow {
  patient_id: string;
  encounter_id: string;
  code: string;
  value: number;
  date: string;
}

const toNode = (criteria: PatientCriteria | CohortNode): CohortNode =>
  'kind' in criteria ? criteria : filterNode(criteria);

/** Request-scoped patient data access: every relation is a DataLoader, so one statement per level. */
export function createPatientStorage(db: Knex) {
  const patientById = createLoader<string, PatientRow | null>(async (ids) =>
    indexRows(ids, await db<PatientRow>('patients').whereIn('id', ids), (row) => row.id),
  );
  const diagnosesByPatient = createLoader<string, DiagnosisRow[]>(async (ids) =>
    groupRows(
      ids,
      await db<DiagnosisRow>('diagnoses')
        .select('patient_id', 'code', 'onset_date')
        .whereIn('patient_id', ids)
        .orderBy(['patient_id', 'onset_date', 'code']),
      (row) => row.patient_id,
    ),
  );
  // Top-N per patient in one statement: rank rows within each patient, keep the first N.
  const encountersByPatient = loaderFamily((first: number) =>
    createLoader<string, EncounterRow[]>(async (ids) => {
      const ranked = db('encounters')
        .select('*', db.raw('row_number() over (partition by patient_id order by date desc, id desc) as rn'))
        .whereIn('patient_id', ids);
      const rows = await db.from(ranked.as('ranked')).where('rn', '<=', first).orderBy(['patient_id', 'rn']);
      return groupRows(ids, rows as EncounterRow[], (row) => row.patient_id);
    }),
  );
  const labsByPatient = loaderFamily(({ codes, first }: { codes: string[] | null; first: number }) =>
    createLoader<string, LabResultRow[]>(async (ids) => {
      const ranked = db('lab_results')
        .select(
          'patient_id',
          'encounter_id',
          'code',
          'value',
          'date',
          db.raw('row_number() over (partition by patient_id order by date desc, id desc) as rn'),
        )
        .whereIn('patient_id', ids);
      if (codes) ranked.whereIn('code', codes);
      const rows = await db.from(ranked.as('ranked')).where('rn', '<=', first).orderBy(['patient_id', 'rn']);
      return groupRows(ids, rows as LabResultRow[], (row) => row.patient_id);
    }),
  );

  /** Matching patients after `afterId`, ordered by id: the query of every page and of the bulk row stream. */
  const searchQuery = (criteria: PatientCriteria | CohortNode, afterId: string | null) => {
    const query = applyCohort(
      db,
      db<PatientRow>('patients as p').select('p.id', 'p.sex', 'p.birth_date'),
      toNode(criteria),
    );
    if (afterId !== null) query.where('p.id', '>', afterId);
    return query.orderBy('p.id');
  };

  return {
    searchQuery,
    patient: (id: string) => patientById.load(id),
    diagnoses: (patientId: string) => diagnosesByPatient.load(patientId),
    encounters: (patientId: string, first: number) => encountersByPatient(first).load(patientId),
    labs: (patientId: string, codes: string[] | null, first: number) =>
      labsByPatient({ codes, first }).load(patientId),

    /** One page of matching patients, ordered by id; fetches one extra row to know if more exist. */
    async searchPatients(
      criteria: PatientCriteria | CohortNode,
      limit: number,
      afterId: string | null,
    ): Promise<PatientRow[]> {
      const rows = (await searchQuery(criteria, afterId).limit(limit)) as PatientRow[];
      for (const row of rows) patientById.prime(row.id, row);
      return rows;
    },

    async countPatients(criteria: PatientCriteria | CohortNode): Promise<number> {
      const [row] = await applyCohort(db, db('patients as p').count({ n: '*' }), toNode(criteria));
      return Number((row as { n: number | string }).n);
    },

    async patientCountsByDiagnosis(): Promise<Map<string, number>> {
      const rows = (await db('diagnoses')
        .select('code')
        .countDistinct({ n: 'patient_id' })
        .groupBy('code')) as { code: string; n: number }[];
      return new Map(rows.map((row) => [row.code, Number(row.n)]));
    },
  };
}

export type PatientStorage = ReturnType<typeof createPatientStorage>;
