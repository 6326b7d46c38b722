import { createLoader, groupRows, indexRows, type Knex } from '@mesh/product-kit';

export type SampleType = 'tumor' | 'normal' | 'blood';

export interface SampleRow {
  id: string;
  idx: number;
  patient_id: string;
  type: SampleType;
  tissue: string;
  collection_date: string;
}

export interface VariantRow {
  id: string;
  sample_id: string;
  gene_symbol: string;
  chromosome: string;
  position: number;
  ref: string;
  alt: string;
  protein_change: string | null;
  consequence: string;
  vaf: number;
}

const SAMPLE_COLUMNS = ['id', 'idx', 'patient_id', 'type', 'tissue', 'collection_date'];

/** Values are generated with three decimals; float32 storage adds noise past the seventh digit. */
const roundExpression = (value: number) => Math.round(value * 1000) / 1000;

/** Request-scoped sample, expression and variant access; every relation is one batched statement. */
export function createSampleStorage(db: Knex) {
  const sampleById = createLoader<string, SampleRow | null>(async (ids) =>
    indexRows(
      ids,
      await db('samples').select<SampleRow[]>(SAMPLE_COLUMNS).whereIn('id', ids),
      (row) => row.id,
    ),
  );
  const samplesByPatient = createLoader<string, SampleRow[]>(async (ids) => {
    const rows = await db('samples')
      .select<SampleRow[]>(SAMPLE_COLUMNS)
      .whereIn('patient_id', ids)
      .orderBy('id');
    for (const row of rows) sampleById.prime(row.id, row);
    return groupRows(ids, rows, (row) => row.patient_id);
  });
  // Keyed by gene: all genes asked for by every sample in the request come back in one statement.
  const vectorByGene = createLoader<string, Buffer>(async (symbols) => {
    const rows = (await db('expression_matrix')
      .select('gene_symbol', 'vector')
      .whereIn('gene_symbol', symbols)) as { gene_symbol: string; vector: Buffer }[];
    return indexRows(symbols, rows, (row) => row.gene_symbol).map(
      (row, i) => row?.vector ?? new Error(`No expression vector for ${symbols[i]}`),
    );
  });
  const variantsBySample = createLoader<string, VariantRow[]>(async (ids) =>
    groupRows(
      ids,
      await db<VariantRow>('variants')
        .whereIn('sample_id', ids)
        .orderBy(['sample_id', 'gene_symbol', 'position']),
      (row) => row.sample_id,
    ),
  );

  return {
    sample: (id: string) => sampleById.load(id),
    samplesOfPatient: (patientId: string) => samplesByPatient.load(patientId),
    variants: (sampleId: string) => variantsBySample.load(sampleId),

    /** Expression of `genes` (already validated) in one sample, in the order asked. */
    async expression(sample: SampleRow, genes: readonly string[]) {
      const vectors = await vectorByGene.loadMany(genes);
      return genes.map((gene, i) => {
        const vector = vectors[i];
        if (vector instanceof Error || vector === undefined)
          throw vector ?? new Error(`No vector for ${gene}`);
        return { gene, sampleId: sample.id, value: roundExpression(vector.readFloatLE(sample.idx * 4)) };
      });
    },

    async searchSamples(
      type: SampleType | null,
      limit: number,
      afterId: string | null,
    ): Promise<SampleRow[]> {
      const query = db('samples').select<SampleRow[]>(SAMPLE_COLUMNS);
      if (type) query.where('type', type);
      if (afterId !== null) query.where('id', '>', afterId);
      const rows = await query.orderBy('id').limit(limit);
      for (const row of rows) sampleById.prime(row.id, row);
      return rows;
    },

    async countSamples(type: SampleType | null): Promise<number> {
      const query = db('samples').count({ n: '*' });
      if (type) query.where('type', type);
      const [row] = await query;
      return Number((row as { n: number }).n);
    },
  };
}

export type SampleStorage = ReturnType<typeof createSampleStorage>;
