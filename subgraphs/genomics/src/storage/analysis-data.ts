import type { Knex } from '@mesh/product-kit';
import type { SampleType } from './sample-storage';

/**
 * What analyses read, kept in memory for the life of the snapshot: every gene's vector (gene-major, one
 * float per sample) and each patient's samples. 20,000 genes x 1,000 samples is 80 MB of float32.
 */
export interface AnalysisData {
  genes: string[];
  vectors: Float32Array[];
  vectorBySymbol: Map<string, Float32Array>;
  samplesByPatient: Map<string, { idx: number; type: SampleType }[]>;
}

export async function loadAnalysisData(db: Knex): Promise<AnalysisData> {
  const samples = (await db('samples').select('idx', 'patient_id', 'type').orderBy('idx')) as {
    idx: number;
    patient_id: string;
    type: SampleType;
  }[];
  const samplesByPatient = new Map<string, { idx: number; type: SampleType }[]>();
  for (const sample of samples) {
    const list = samplesByPatient.get(sample.patient_id) ?? [];
    list.push({ idx: sample.idx, type: sample.type });
    samplesByPatient.set(sample.patient_id, list);
  }
  const rows = (await db('expression_matrix').select('gene_symbol', 'vector').orderBy('gene_symbol')) as {
    gene_symbol: string;
    vector: Buffer;
  }[];
  const genes = rows.map((row) => row.gene_symbol);
  // Copy into aligned float32 arrays: a Buffer's byteOffset need not be a multiple of 4.
  const vectors = rows.map((row) => {
    const copy = new Float32Array(row.vector.length / 4);
    new Uint8Array(copy.buffer).set(row.vector);
    return copy;
  });
  return {
    genes,
    vectors,
    vectorBySymbol: new Map(genes.map((gene, i) => [gene, vectors[i]!])),
    samplesByPatient,
  };
}

/** Sample columns of the given type (every type when null) for a set of patients, in ascending column order. */
export function sampleColumns(
  data: AnalysisData,
  patientIds: readonly string[],
  type: SampleType | null,
): Int32Array {
  const columns: number[] = [];
  for (const id of patientIds) {
    for (const sample of data.samplesByPatient.get(id) ?? [])
      if (type === null || sample.type === type) columns.push(sample.idx);
  }
  return Int32Array.from(columns.sort((x, y) => x - y));
}
