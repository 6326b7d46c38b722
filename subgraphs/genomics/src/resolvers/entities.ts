import type { SampleRow, SampleType, VariantRow } from '../storage/sample-storage';
import { checkGeneSymbols } from '../storage/gene-symbols';
import type { GeneSetRow } from '../storage/vocabulary';
import type { Context } from './context';

const geneRef = (symbol: string) => ({ symbol });

export const Gene = {
  __resolveReference: ({ symbol }: { symbol: string }, { storage }: Context) =>
    storage.vocabulary.genes.get(symbol) ?? null,
  // A gene reached from an expression value or variant carries only its symbol; fill in the rest from the panel.
  name: ({ symbol }: { symbol: string }, _: unknown, { storage }: Context) =>
    storage.vocabulary.genes.get(symbol)?.name,
  chromosome: ({ symbol }: { symbol: string }, _: unknown, { storage }: Context) =>
    storage.vocabulary.genes.get(symbol)?.chromosome,
  biotype: ({ symbol }: { symbol: string }, _: unknown, { storage }: Context) =>
    storage.vocabulary.genes.get(symbol)?.biotype,
};

export const Sample = {
  __resolveReference: ({ id }: { id: string }, { storage }: Context) => storage.samples.sample(id),
  type: (sample: SampleRow) => sample.type.toUpperCase(),
  collectionDate: (sample: SampleRow) => sample.collection_date,
  patient: (sample: SampleRow) => ({ __typename: 'Patient', id: sample.patient_id }),
  expression(sample: SampleRow, { genes }: { genes: string[] }, { storage }: Context) {
    return storage.samples.expression(sample, checkGeneSymbols(storage.vocabulary, genes, 'genes'));
  },
  variants: (sample: SampleRow, _: unknown, { storage }: Context) => storage.samples.variants(sample.id),
};

export const ExpressionValue = {
  gene: (value: { gene: string }) => geneRef(value.gene),
};

export const Variant = {
  gene: (variant: VariantRow) => geneRef(variant.gene_symbol),
  sampleId: (variant: VariantRow) => variant.sample_id,
  proteinChange: (variant: VariantRow) => variant.protein_change,
  alleleFrequency: (variant: VariantRow) => variant.vaf,
};

export const GeneSet = {
  genes: (set: GeneSetRow) => set.genes.map(geneRef),
};

async function patientSamples(id: string, type: string | null | undefined, storage: Context['storage']) {
  const samples = await storage.samples.samplesOfPatient(id);
  const wanted = type?.toLowerCase() as SampleType | undefined;
  return wanted ? samples.filter((sample) => sample.type === wanted) : samples;
}

export const Patient = {
  // Any patient id resolves: a patient with no samples simply has empty lists here.
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  samples: ({ id }: { id: string }, { type }: { type?: string | null }, { storage }: Context) =>
    patientSamples(id, type, storage),
  async expression(
    { id }: { id: string },
    { genes, sampleType }: { genes: string[]; sampleType?: string | null },
    { storage }: Context,
  ) {
    const symbols = checkGeneSymbols(storage.vocabulary, genes, 'genes');
    const samples = await patientSamples(id, sampleType, storage);
    return (await Promise.all(samples.map((sample) => storage.samples.expression(sample, symbols)))).flat();
  },
  async variants({ id }: { id: string }, { genes }: { genes?: string[] | null }, { storage }: Context) {
    const wanted = genes ? new Set(checkGeneSymbols(storage.vocabulary, genes, 'genes')) : null;
    const samples = await storage.samples.samplesOfPatient(id);
    const variants = (await Promise.all(samples.map((sample) => storage.samples.variants(sample.id)))).flat();
    return wanted ? variants.filter((variant) => wanted.has(variant.gene_symbol)) : variants;
  },
};
