import type { Knex } from '@mesh/product-kit';
import { ageAt } from './age';
import type { Vocabulary } from './vocabulary';

/**
 * A columnar copy of what analyses read: one slot per patient, the latest value of every lab test, a flag
 * per diagnosis. Built once per snapshot (snapshots are immutable), so a summary of 100,000 patients is a
 * pass over typed arrays instead of a scan of millions of lab rows.
 */
export interface AnalysisFrame {
  ids: string[];
  index: Map<string, number>;
  female: Uint8Array;
  age: Float64Array;
  /** Per ICD-10 code: 1 where the patient has the code. */
  diagnoses: Map<string, Uint8Array>;
  /** Per LOINC code: the patient's most recent value, NaN when never measured. */
  labs: Map<string, Float64Array>;
}

interface RawDatabase {
  prepare(sql: string): { raw(on: boolean): { iterate(...params: unknown[]): Iterable<unknown[]> } };
}

export async function buildAnalysisFrame(
  db: Knex,
  vocabulary: Vocabulary,
  referenceDate: string,
): Promise<AnalysisFrame> {
  const connection = (await db.client.acquireConnection()) as RawDatabase;
  try {
    const ids: string[] = [];
    const index = new Map<string, number>();
    const sexes: number[] = [];
    const ages: number[] = [];
    for (const [id, sex, birthDate] of connection
      .prepare('SELECT id, sex, birth_date FROM patients ORDER BY id')
      .raw(true)
      .iterate() as Iterable<[string, string, string]>) {
      index.set(id, ids.length);
      ids.push(id);
      sexes.push(sex === 'female' ? 1 : 0);
      ages.push(ageAt(birthDate, referenceDate));
    }
    const n = ids.length;
    const diagnoses = new Map<string, Uint8Array>();
    for (const code of vocabulary.diagnosisCodes.keys()) diagnoses.set(code, new Uint8Array(n));
    for (const [patientId, code] of connection
      .prepare('SELECT patient_id, code FROM diagnoses')
      .raw(true)
      .iterate() as Iterable<[string, string]>) {
      const slot = index.get(patientId);
      if (slot !== undefined) diagnoses.get(code)![slot] = 1;
    }
    const labs = new Map<string, Float64Array>();
    const latest = new Map<string, string[]>();
    for (const code of vocabulary.labTests.keys()) {
      labs.set(code, new Float64Array(n).fill(Number.NaN));
      latest.set(code, new Array<string>(n).fill(''));
    }
    // Rows in any order: keep the value with the latest date (ties: the later row, as stored).
    for (const [patientId, code, value, date] of connection
      .prepare('SELECT patient_id, code, value, date FROM lab_results')
      .raw(true)
      .iterate() as Iterable<[string, string, number, string]>) {
      const slot = index.get(patientId);
      const dates = latest.get(code);
      if (slot === undefined || dates === undefined || date < dates[slot]!) continue;
      dates[slot] = date;
      labs.get(code)![slot] = value;
    }
    return { ids, index, female: Uint8Array.from(sexes), age: Float64Array.from(ages), diagnoses, labs };
  } finally {
    db.client.releaseConnection(connection);
  }
}
