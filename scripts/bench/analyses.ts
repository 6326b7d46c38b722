/**
 * Benchmark: analyses at scale, through the gateway, on the benchmark-size snapshot.
 *   npm run generate-data -- --scale benchmark --out /tmp/bigdata
 *   npm run bench:analyses -- --data /tmp/bigdata [--runs 5]
 * Times the first call (which loads the product's analysis cache) and the median of warm calls.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { graphql, startLocalMesh } from '@mesh/testing';

const DE = `{ compareCohorts(a: {diagnosis: "C50"}, b: {any: [{diagnosis: "C34"}, {diagnosis: "C18"}, {diagnosis: "C25"}]}) {
  differentialExpression(sampleType: TUMOR) { computable statistics { testsPerformed significant groups { n } } table { rowCount } resultHash } } }`;
const DE_ALL = `{ compareCohorts(a: {sex: FEMALE}, b: {sex: MALE}) {
  differentialExpression(sampleType: null) { computable statistics { testsPerformed significant groups { n } } table { rowCount } resultHash } } }`;
const SUMMARY = `{ cohort(criteria: {}, name: "Everyone") { size summary { computable table { rowCount } resultHash } } }`;
const SURVIVAL = `{ compareCohorts(a: {diagnosis: "C50"}, b: {any: [{diagnosis: "C34"}, {diagnosis: "C18"}, {diagnosis: "C25"}]}) { survival(trial: "ONC-01") { computable statistics { pValue } } } }`;

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

async function time(url: string, query: string, runs: number) {
  const durations: number[] = [];
  let answer: unknown;
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const result = await graphql(url, query);
    durations.push(performance.now() - started);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    answer = result.data;
  }
  const [cold, ...warm] = durations;
  warm.sort((a, b) => a - b);
  return { cold: cold!, warm: warm[Math.floor(warm.length / 2)]!, answer };
}

async function main() {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, runs: { type: 'string', default: '5' } },
  });
  if (!values.data)
    throw new Error(
      '--data DIR is required (a snapshot folder from npm run generate-data -- --scale benchmark)',
    );
  const runs = Number(values.runs);
  process.stdout.write(`Starting the mesh on ${values.data} (products hash their snapshots first)…\n`);
  const started = performance.now();
  const mesh = await startLocalMesh({ dataDir: values.data });
  process.stdout.write(
    `Mesh up in ${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${rssMb().toFixed(0)} MB\n`,
  );
  try {
    const rows: string[] = [];
    for (const [name, query] of [
      ['differential expression, 20,000 genes x all 1,000 samples (women vs men)', DE_ALL],
      ['differential expression, 20,000 genes x tumour samples (breast vs lung/colon/pancreas)', DE],
      ['cohort summary (every patient, all variables)', SUMMARY],
      ['Kaplan-Meier + log-rank (ONC-01, two cohorts)', SURVIVAL],
    ] as const) {
      process.stdout.write(`timing ${name}…\n`);
      const { cold, warm, answer } = await time(mesh.gateway.url, query, runs);
      rows.push(
        `| ${name} | ${cold.toFixed(0)} | ${warm.toFixed(0)} | ${JSON.stringify(answer).slice(0, 120).replaceAll('|', '/')} |`,
      );
    }
    process.stdout.write(
      [
        '',
        `Runs: 1 cold + ${runs} warm (median), through the gateway, one process (products + gateway in-process).`,
        '',
        '| analysis | cold ms | warm ms | answer (start) |',
        '|---|---:|---:|---|',
        ...rows,
        '',
        `RSS after: ${rssMb().toFixed(0)} MB (products, gateway and caches in one process)`,
        '',
      ].join('\n'),
    );
  } finally {
    await mesh.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(1);
});
