import type Database from 'better-sqlite3';
import type { PatientSummary } from './clinical-world';
import { addDays } from './dates';
import { compareAscii, Random, streamSeed } from './random';
import { batchedInsert } from '@mesh/product-kit';
import { GENES, GENE_SETS, type GeneInfo } from './vocab/genes';
import { CHROMOSOME_LENGTHS, DRIVERS_BY_CANCER, HOTSPOTS, type HotspotSpec } from './vocab/hotspots';
import { TISSUE_BY_CANCER } from './vocab/icd10';

interface SampleSpec {
  id: string;
  idx: number;
  patient: PatientSummary;
  type: 'tumor' | 'normal' | 'blood';
  tissue: string;
  collectionDate: string;
}

/** Planted expression signals (docs/DEMO-DATA.md): genes, shift in log2 units, and who gets it. */
export const PROLIFERATION_GENES = [
  'MKI67',
  'TOP2A',
  'CCNB1',
  'BIRC5',
  'AURKA',
  'CDK1',
  'CCNE1',
  'MYBL2',
  'BUB1',
  'PLK1',
];
export const INFLAMMATORY_GENES = ['IL6', 'TNF', 'IL1B', 'CXCL8', 'CCL2', 'SOCS3', 'NFKBIA'];

function plantedShift(gene: string, sample: SampleSpec): number {
  const { patient, type } = sample;
  let shift = 0;
  if (type === 'tumor' && patient.cancer === 'C50.9') {
    if (PROLIFERATION_GENES.includes(gene)) shift += 1.5; // G1
    if (gene === 'ESR1') shift += 2.0;
    if (gene === 'PGR') shift += 1.5;
    if (gene === 'ERBB2' && patient.her2Positive) shift += 3.0;
  }
  if (type === 'blood' && patient.diagnoses.has('E11.9') && INFLAMMATORY_GENES.includes(gene)) shift += 0.8; // G2
  return shift;
}

/** Known levels for a few genes, so the panel looks like expression data (log2(TPM+1)). */
const FIXED_LEVELS: Record<string, { tissue: number; blood: number }> = {
  HBB: { tissue: 4, blood: 13.5 },
  HBA1: { tissue: 3.5, blood: 13 },
  GAPDH: { tissue: 11.5, blood: 10.5 },
  ACTB: { tissue: 12, blood: 11.5 },
  INS: { tissue: 0.3, blood: 0.1 },
  GCG: { tissue: 0.3, blood: 0.1 },
};

export function panelGenes(count: number): GeneInfo[] {
  const genes = GENES.slice(0, count) as GeneInfo[];
  const chromosomes = Object.keys(CHROMOSOME_LENGTHS);
  for (let i = genes.length; i < count; i++) {
    // Beyond the curated panel (benchmark scale only): clearly synthetic, never an HGNC symbol.
    const n = i - GENES.length + 1;
    genes.push({
      symbol: `SYNTH${String(n).padStart(5, '0')}`,
      name: `synthetic benchmark gene ${n}`,
      chromosome: chromosomes[n % chromosomes.length]!,
      biotype: 'synthetic' as 'protein_coding',
    });
  }
  return genes;
}

function planSamples(
  patients: PatientSummary[],
  count: number,
  seed: number,
  reference: string,
): SampleSpec[] {
  const random = new Random(streamSeed(seed, 'samples'));
  const cancerPatients = random.shuffle(patients.filter((p) => p.cancer !== null));
  const tumors = Math.min(cancerPatients.length, Math.round(count * 0.35));
  const normals = Math.min(tumors, Math.round(count * 0.08));
  const bloodCount = Math.min(patients.length, count - tumors - normals);
  // Every JAK2 carrier is sampled first so the planted variant is always present, then a random draw.
  const carriers = random.shuffle(patients.filter((p) => p.jak2Carrier));
  const others = random.shuffle(patients.filter((p) => !p.jak2Carrier));
  const blood = [...carriers, ...others].slice(0, bloodCount);

  const planned: Omit<SampleSpec, 'id' | 'idx'>[] = [];
  const collected = () => addDays(reference, -random.int(1, 3 * 365));
  cancerPatients.slice(0, tumors).forEach((patient, i) => {
    const tissue = TISSUE_BY_CANCER[patient.cancer!]!;
    planned.push({ patient, type: 'tumor', tissue, collectionDate: collected() });
    if (i < normals) planned.push({ patient, type: 'normal', tissue, collectionDate: collected() });
  });
  for (const patient of blood)
    planned.push({ patient, type: 'blood', tissue: 'blood', collectionDate: collected() });
  const order = { tumor: 0, normal: 1, blood: 2 };
  planned.sort((a, b) => compareAscii(a.patient.id, b.patient.id) || order[a.type] - order[b.type]);
  return planned.map((sample, idx) => ({ ...sample, idx, id: `SMP-${String(idx + 1).padStart(6, '0')}` }));
}

export interface GenomicsWorldOptions {
  seed: number;
  genes: number;
  samples: number;
  referenceDate: string;
  onProgress(phase: string, done: number, total: number): void;
}

export function fillGenomics(
  db: Database.Database,
  patients: PatientSummary[],
  options: GenomicsWorldOptions,
): { samples: number } {
  const genes = panelGenes(options.genes);
  const samples = planSamples(patients, options.samples, options.seed, options.referenceDate);
  const inPanel = new Set(genes.map((gene) => gene.symbol));

  const insertGene = db.prepare('INSERT INTO genes (symbol, name, chromosome, biotype) VALUES (?, ?, ?, ?)');
  const insertSet = db.prepare('INSERT INTO gene_sets (id, name, description) VALUES (?, ?, ?)');
  const insertMember = db.prepare('INSERT INTO gene_set_members (gene_set_id, gene_symbol) VALUES (?, ?)');
  const insertSample = db.prepare(
    'INSERT INTO samples (id, idx, patient_id, type, tissue, collection_date) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const gene of [...genes].sort((a, b) => compareAscii(a.symbol, b.symbol))) {
      insertGene.run(gene.symbol, gene.name, gene.chromosome, gene.biotype);
    }
    for (const set of GENE_SETS) {
      const members = set.genes.filter((symbol) => inPanel.has(symbol));
      if (members.length < 5) continue;
      insertSet.run(set.id, set.name, set.description);
      for (const symbol of [...members].sort()) insertMember.run(set.id, symbol);
    }
    for (const s of samples) insertSample.run(s.id, s.idx, s.patient.id, s.type, s.tissue, s.collectionDate);
  })();

  // Gene-major float32 vectors: value = gene level + tissue offset + planted shift + noise.
  const random = new Random(streamSeed(options.seed, 'expression'));
  const vectors = batchedInsert<string | Buffer>(
    db,
    'INSERT INTO expression_matrix (gene_symbol, vector) VALUES (?, ?)',
    200,
  );
  genes.forEach((gene, g) => {
    const fixed = FIXED_LEVELS[gene.symbol];
    const level = 2 + 8 * random.next();
    const sd = 0.3 + 0.6 * random.next();
    const tissueLevel = fixed?.tissue ?? level;
    const bloodLevel = fixed?.blood ?? level + random.normal(0, 1.2);
    const tumorOffset = random.normal(0, 0.4);
    const vector = Buffer.alloc(samples.length * 4);
    for (const sample of samples) {
      const base =
        sample.type === 'blood' ? bloodLevel : tissueLevel + (sample.type === 'tumor' ? tumorOffset : 0);
      const value = Math.max(0, base + plantedShift(gene.symbol, sample) + random.normal(0, sd));
      vector.writeFloatLE(Math.round(value * 1000) / 1000, sample.idx * 4);
    }
    vectors.add([gene.symbol, vector]);
    if ((g + 1) % 500 === 0 || g + 1 === genes.length) options.onProgress('expression', g + 1, genes.length);
  });
  vectors.flush();

  fillVariants(db, samples, genes, options.seed);
  return { samples: samples.length };
}

const PASSENGER_CONSEQUENCES = [
  'synonymous_variant',
  'intron_variant',
  '3_prime_UTR_variant',
  '5_prime_UTR_variant',
  'upstream_gene_variant',
];
const BASES = ['A', 'C', 'G', 'T'];

function fillVariants(db: Database.Database, samples: SampleSpec[], genes: GeneInfo[], seed: number) {
  const random = new Random(streamSeed(seed, 'variants'));
  const variants = batchedInsert<string | number | null>(
    db,
    `INSERT INTO variants (id, sample_id, gene_symbol, chromosome, position, ref, alt, protein_change, consequence, vaf)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let counter = 0;
  const add = (
    sample: SampleSpec,
    v: Omit<HotspotSpec, 'proteinChange'> & { proteinChange: string | null },
    vaf: number,
  ) => {
    counter += 1;
    const id = `VAR-${String(counter).padStart(7, '0')}`;
    variants.add([
      id,
      sample.id,
      v.gene,
      v.chromosome,
      v.position,
      v.ref,
      v.alt,
      v.proteinChange,
      v.consequence,
      Math.round(vaf * 1000) / 1000,
    ]);
  };
  const realGenes = genes.filter((gene) => gene.biotype === 'protein_coding');
  for (const sample of samples) {
    if (sample.type === 'tumor') {
      for (const group of DRIVERS_BY_CANCER[sample.patient.cancer!] ?? []) {
        if (random.chance(group.probability))
          add(sample, HOTSPOTS[random.pick(group.variants)], 0.15 + 0.45 * random.next());
      }
      const passengers = random.poisson(4);
      for (let i = 0; i < passengers; i++) {
        const gene = random.pick(realGenes);
        const ref = random.pick(BASES);
        add(
          sample,
          {
            gene: gene.symbol,
            chromosome: gene.chromosome,
            position: random.int(1, CHROMOSOME_LENGTHS[gene.chromosome] ?? 1_000_000),
            ref,
            alt: random.pick(BASES.filter((base) => base !== ref)),
            proteinChange: null,
            consequence: random.pick(PASSENGER_CONSEQUENCES),
          },
          0.05 + 0.4 * random.next(),
        );
      }
    }
    if (sample.type === 'blood' && sample.patient.jak2Carrier) {
      const vaf = sample.patient.diagnoses.has('D45')
        ? 0.3 + 0.5 * random.next()
        : 0.05 + 0.2 * random.next();
      add(sample, HOTSPOTS['JAK2 V617F'], vaf); // S2
    }
  }
  variants.flush();
}
