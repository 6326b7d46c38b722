#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';
import {
  BENCHMARK_SIZE,
  DEFAULT_REFERENCE_DATE,
  DEFAULT_SEED,
  DEFAULT_SIZE,
  generateDemoData,
  snapshotFiles,
} from './generate';

const USAGE = `Usage: npm run generate-data -- [options]

Generates the demo data snapshots (clinical.sqlite, genomics.sqlite, trials.sqlite) from a seed.
The same seed and sizes always produce byte-identical files.

Options:
  --out DIR              output folder (default: data)
  --seed N               random seed (default: ${DEFAULT_SEED})
  --patients N           patients (default: ${DEFAULT_SIZE.patients})
  --genes N              genes in the expression panel (default: ${DEFAULT_SIZE.genes})
  --samples N            biological samples (default: ${DEFAULT_SIZE.samples})
  --scale benchmark      ${BENCHMARK_SIZE.patients} patients, ${BENCHMARK_SIZE.genes} genes x ${BENCHMARK_SIZE.samples} samples
  --reference-date DATE  snapshot reference date (default: ${DEFAULT_REFERENCE_DATE})
  --if-missing           do nothing when both files already exist
  --quiet                no progress output
  --help`;

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'data' },
      seed: { type: 'string' },
      patients: { type: 'string' },
      genes: { type: 'string' },
      samples: { type: 'string' },
      scale: { type: 'string' },
      'reference-date': { type: 'string', default: DEFAULT_REFERENCE_DATE },
      'if-missing': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.scale !== undefined && values.scale !== 'benchmark' && values.scale !== 'default') {
    throw new Error(`--scale must be "default" or "benchmark" (got ${values.scale})`);
  }
  const size = values.scale === 'benchmark' ? BENCHMARK_SIZE : DEFAULT_SIZE;
  const outDir = resolve(values.out);
  const files = snapshotFiles(outDir);
  if (values['if-missing'] && Object.values(files).every((file) => existsSync(file))) {
    process.stdout.write(`Demo data already present in ${outDir}\n`);
    return;
  }

  const interactive = process.stderr.isTTY && !values.quiet;
  const bars = interactive
    ? new MultiBar(
        { format: ' {phase} [{bar}] {percentage}% {value}/{total} | {duration}s', hideCursor: true },
        Presets.shades_classic,
      )
    : null;
  const active = new Map<string, ReturnType<MultiBar['create']>>();
  let lastLine = 0;
  const started = Date.now();
  const result = await generateDemoData({
    outDir,
    seed: values.seed === undefined ? DEFAULT_SEED : Number(values.seed),
    patients: values.patients === undefined ? size.patients : Number(values.patients),
    genes: values.genes === undefined ? size.genes : Number(values.genes),
    samples: values.samples === undefined ? size.samples : Number(values.samples),
    referenceDate: values['reference-date'],
    onProgress(phase, done, total) {
      if (bars) {
        let bar = active.get(phase);
        if (!bar) active.set(phase, (bar = bars.create(total, 0, { phase: phase.padEnd(10) })));
        bar.update(done, { phase: phase.padEnd(10) });
      } else if (!values.quiet && (Date.now() - lastLine > 2000 || done === total)) {
        lastLine = Date.now();
        process.stderr.write(`generate-data: ${phase} ${done}/${total}\n`);
      }
    },
  });
  bars?.stop();
  process.stdout.write(
    `Generated demo data in ${((Date.now() - started) / 1000).toFixed(1)} s:\n  ${result.clinical}\n  ${result.genomics} (${result.samples} samples)\n  ${result.trials} (${result.enrolments} enrolments)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`generate-data: ${(error as Error).message}\n`);
  process.exit(1);
});
