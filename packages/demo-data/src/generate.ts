import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations as clinicalMigrations } from '@mesh/clinical/migrations';
import { migrations as genomicsMigrations } from '@mesh/genomics/migrations';
import { migrations as trialsMigrations } from '@mesh/trials/migrations';
import { fillClinical, type PatientSummary } from './clinical-world';
import { fillGenomics } from './genomics-world';
import { writeSnapshot } from '@mesh/product-kit';
import { fillTrials } from './trials-world';
import { GENES } from './vocab/genes';

export const GENERATOR_VERSION = '1.0.0';

export interface GenerateOptions {
  outDir: string;
  seed: number;
  patients: number;
  genes: number;
  samples: number;
  /** Reference date of the snapshot: ages, encounter windows and sample dates are relative to it. */
  referenceDate: string;
  onProgress?(phase: string, done: number, total: number): void;
}

export const DEFAULT_SIZE = { patients: 2_000, genes: 500, samples: 800 } as const;
export const BENCHMARK_SIZE = { patients: 100_000, genes: 20_000, samples: 1_000 } as const;
export const DEFAULT_SEED = 42;
export const DEFAULT_REFERENCE_DATE = '2026-01-01';
/** Genes the planted signals need: the panel always includes at least these. */
export const MIN_GENES = 50;

export interface GeneratedFiles {
  clinical: string;
  genomics: string;
  trials: string;
  samples: number;
  enrolments: number;
}

export function snapshotFiles(outDir: string) {
  return {
    clinical: join(outDir, 'clinical.sqlite'),
    genomics: join(outDir, 'genomics.sqlite'),
    trials: join(outDir, 'trials.sqlite'),
  };
}

export function checkOptions(options: GenerateOptions): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(options.seed)) problems.push(`--seed must be an integer (got ${options.seed})`);
  if (!Number.isInteger(options.patients) || options.patients < 10 || options.patients > 999_999) {
    problems.push(`--patients must be an integer from 10 to 999999 (got ${options.patients})`);
  }
  if (!Number.isInteger(options.genes) || options.genes < MIN_GENES || options.genes > 60_000) {
    problems.push(`--genes must be an integer from ${MIN_GENES} to 60000 (got ${options.genes})`);
  }
  if (!Number.isInteger(options.samples) || options.samples < 10 || options.samples > 100_000) {
    problems.push(`--samples must be an integer from 10 to 100000 (got ${options.samples})`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.referenceDate) || Number.isNaN(Date.parse(options.referenceDate))) {
    problems.push(`--reference-date must be an ISO date like 2026-01-01 (got ${options.referenceDate})`);
  }
  return problems;
}

/**
 * Generates both products' snapshots from one seeded world. The same options give byte-identical files.
 */
export async function generateDemoData(options: GenerateOptions): Promise<GeneratedFiles> {
  const problems = checkOptions(options);
  if (problems.length > 0) throw new Error(`Invalid generator options:\n  - ${problems.join('\n  - ')}`);
  const progress = options.onProgress ?? (() => undefined);
  mkdirSync(options.outDir, { recursive: true });
  const files = snapshotFiles(options.outDir);
  const common = {
    generator: `@mesh/demo-data ${GENERATOR_VERSION}`,
    seed: options.seed,
    snapshot_date: options.referenceDate,
    source: 'Synthetic demo data: no real patients. Planted signals are listed in docs/DEMO-DATA.md.',
  };

  let summaries: PatientSummary[] = [];
  await writeSnapshot({
    file: files.clinical,
    migrations: clinicalMigrations,
    referenceDate: options.referenceDate,
    metadata: { ...common, patients: options.patients, code_systems: 'ICD-10 (WHO); LOINC' },
    fill(db) {
      summaries = fillClinical(db, {
        seed: options.seed,
        patients: options.patients,
        referenceDate: options.referenceDate,
        onProgress: (done, total) => progress('patients', done, total),
      });
    },
  });

  let samples = 0;
  await writeSnapshot({
    file: files.genomics,
    migrations: genomicsMigrations,
    referenceDate: options.referenceDate,
    metadata: {
      ...common,
      genes: options.genes,
      curated_genes: Math.min(options.genes, GENES.length),
      genome_build: 'GRCh38',
      expression_unit: 'log2(TPM+1)',
    },
    fill(db) {
      samples = fillGenomics(db, summaries, {
        seed: options.seed,
        genes: options.genes,
        samples: options.samples,
        referenceDate: options.referenceDate,
        onProgress: progress,
      }).samples;
    },
  });
  let enrolments = 0;
  await writeSnapshot({
    file: files.trials,
    migrations: trialsMigrations,
    referenceDate: options.referenceDate,
    metadata: { ...common, time_unit: 'days' },
    fill(db) {
      enrolments = fillTrials(db, summaries, {
        seed: options.seed,
        referenceDate: options.referenceDate,
      }).enrolments;
    },
  });
  return { ...files, samples, enrolments };
}
