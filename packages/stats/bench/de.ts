/**
 * Micro-benchmark of the differential-expression path (not a test): per-gene Welch t over a
 * 20,000 genes × 1,000 samples Float32Array (gene-major, two groups of 500 columns) with `sampleMoments` +
 * `welchTTestFromMoments`, then Benjamini–Hochberg over the 20,000 p-values.
 *
 *   npx tsx --conditions=development packages/stats/bench/de.ts [--rounds 5]
 *
 * The matrix is synthetic and deterministic (fixed-seed generator): log2-expression-like values around 8 with
 * 5% of the genes shifted in group A, so the p-values span the full range as in real data.
 */
import { benjaminiHochberg, sampleMoments, welchTTestFromMoments } from '@mesh/stats';

const GENES = 20_000;
const SAMPLES = 1_000;
const GROUP_A = 500; // columns [0, 500) are group A, [500, 1000) group B

function parseRounds(argv: string[]): number {
  const at = argv.indexOf('--rounds');
  const rounds = at >= 0 ? Number(argv[at + 1]) : 5;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error(`--rounds must be a positive integer (got ${argv[at + 1]})`);
  return rounds;
}

/** Mulberry32 with Box–Muller: fast, deterministic, good enough for synthetic data. */
function normalGenerator(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function synthesizeMatrix(): Float32Array {
  const matrix = new Float32Array(GENES * SAMPLES);
  const normal = normalGenerator(20261124);
  for (let gene = 0; gene < GENES; gene++) {
    const base = 8 + 2 * normal();
    const sd = 0.2 + Math.abs(normal()) * 0.5;
    const shift = gene % 20 === 0 ? 0.3 * sd : 0;
    const row = gene * SAMPLES;
    for (let s = 0; s < SAMPLES; s++) matrix[row + s] = base + (s < GROUP_A ? shift : 0) + sd * normal();
  }
  return matrix;
}

function testAllGenes(matrix: Float32Array): Float64Array {
  const pValues = new Float64Array(GENES);
  for (let gene = 0; gene < GENES; gene++) {
    const row = gene * SAMPLES;
    const a = sampleMoments(matrix, row, row + GROUP_A);
    const b = sampleMoments(matrix, row + GROUP_A, row + SAMPLES);
    const test = a.computable && b.computable ? welchTTestFromMoments(a, b) : null;
    pValues[gene] = test?.computable ? test.pValue : 1;
  }
  return pValues;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function main(): void {
  const rounds = parseRounds(process.argv.slice(2));
  let started = performance.now();
  const matrix = synthesizeMatrix();
  console.log(
    `synthesized ${GENES} × ${SAMPLES} float32 matrix in ${(performance.now() - started).toFixed(0)} ms`,
  );

  const timings: Array<{ welch: number; bh: number; significant: number }> = [];
  for (let round = 0; round < rounds; round++) {
    started = performance.now();
    const pValues = testAllGenes(matrix);
    const welch = performance.now() - started;
    started = performance.now();
    const adjusted = benjaminiHochberg(pValues);
    const bh = performance.now() - started;
    if (!adjusted.computable) throw new Error(adjusted.reason);
    timings.push({ welch, bh, significant: adjusted.adjusted.filter((q) => q < 0.05).length });
  }
  for (const [i, t] of timings.entries()) {
    const total = t.welch + t.bh;
    console.log(
      `round ${i + 1}: Welch ${t.welch.toFixed(0)} ms + BH ${t.bh.toFixed(1)} ms = ${total.toFixed(0)} ms ` +
        `(${t.significant} genes at FDR < 0.05)`,
    );
  }
  const totals = timings.map((t) => t.welch + t.bh).sort((x, y) => x - y);
  const memory = process.memoryUsage();
  console.log(
    `median of ${rounds}: ${totals[Math.floor(rounds / 2)]!.toFixed(0)} ms; memory: rss ${mb(memory.rss)}, ` +
      `heap used ${mb(memory.heapUsed)}, array buffers ${mb(memory.arrayBuffers)}`,
  );
}

main();
