/**
 * Benchmark: `GET /export` of every patient of a 100,000-patient snapshot as CSV, through the gateway
 * (100 GraphQL pages of 1,000, streamed), against iterating the same rows with raw better-sqlite3 in
 * the same run. Reports rows/s, the ratio and the process RSS.
 *
 *   npm run bench:export                       # generates the snapshot (about 30 s), 3 rounds
 *   npm run bench:export -- --data DIR --rounds 5
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { createTestSnapshots, startLocalMesh } from '@mesh/testing';

const QUERY = `query Everyone($first: Int, $after: String) {
  patients(first: $first, after: $after) { nodes { id sex birthYear age } pageInfo { hasNextPage endCursor } }
}`;
const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** RFC 4180 field, as the export writes it. */
const csvField = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The same rows straight from SQLite (what clinical's page query reads), encoded as CSV lines. */
function rawSqlite(file: string): { rows: number; ms: number; bytes: number } {
  const db = new Database(file, { readonly: true });
  const started = performance.now();
  let rows = 0;
  let bytes = 'id,sex,birth_date\r\n'.length;
  for (const row of db.prepare('SELECT id, sex, birth_date FROM patients ORDER BY id').raw().iterate()) {
    bytes += `${(row as unknown[]).map(csvField).join(',')}\r\n`.length;
    rows += 1;
  }
  const ms = performance.now() - started;
  db.close();
  return { rows, ms, bytes };
}

async function exportCsv(
  origin: string,
  headers: Record<string, string>,
): Promise<{ rows: number; ms: number; bytes: number; peakRss: number }> {
  const url = `${origin}/export?${new URLSearchParams({ query: QUERY, variables: JSON.stringify({ first: 1000 }) })}`;
  let peakRss = rssMb();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb())), 25);
  const started = performance.now();
  const response = await request(url, { headers });
  if (response.statusCode !== 200)
    throw new Error(`HTTP ${response.statusCode}: ${await response.body.text()}`);
  let newlines = 0;
  let bytes = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines += 1;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { rows: newlines - 1, ms, bytes, peakRss: Math.max(peakRss, rssMb()) };
}

async function main() {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, rounds: { type: 'string', default: '3' } },
  });
  const rounds = Number(values.rounds);
  let snapshots: Awaited<ReturnType<typeof createTestSnapshots>> | undefined;
  if (!values.data) {
    process.stdout.write('Generating a snapshot of 100,000 patients (60 genes, 200 samples)…\n');
    const started = performance.now();
    snapshots = await createTestSnapshots({ patients: 100_000, genes: 60, samples: 200 });
    process.stdout.write(`  ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const dataDir = values.data ?? snapshots!.dir;
  const mesh = await startLocalMesh({ dataDir });
  try {
    process.stdout.write(`Mesh up, RSS ${rssMb().toFixed(0)} MB. Warm-up…\n`);
    await exportCsv(mesh.gateway.origin, mesh.as.ada);
    const exported: number[] = [];
    const raw: number[] = [];
    let rows = 0;
    let peak = 0;
    let bytes = 0;
    for (let round = 1; round <= rounds; round++) {
      const viaExport = await exportCsv(mesh.gateway.origin, mesh.as.ada);
      const direct = rawSqlite(join(dataDir, 'clinical.sqlite'));
      if (viaExport.rows !== direct.rows)
        throw new Error(`export gave ${viaExport.rows} rows, SQLite ${direct.rows}`);
      rows = direct.rows;
      bytes = viaExport.bytes;
      peak = Math.max(peak, viaExport.peakRss);
      exported.push((viaExport.rows / viaExport.ms) * 1000);
      raw.push((direct.rows / direct.ms) * 1000);
      process.stdout.write(
        `round ${round}/${rounds}: export ${viaExport.ms.toFixed(0)} ms (${exported.at(-1)!.toFixed(0)} rows/s), raw better-sqlite3 ${direct.ms.toFixed(0)} ms (${raw.at(-1)!.toFixed(0)} rows/s)\n`,
      );
    }
    const e = median(exported);
    const r = median(raw);
    process.stdout.write(
      [
        '',
        `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
        `Workload: ${rows.toLocaleString('en')} patients { id sex birthYear age } as CSV (${(bytes / 2 ** 20).toFixed(1)} MiB), pages of 1,000; ${rounds} rounds, medians; mesh and client in one process.`,
        '',
        '| path | rows/s |',
        '|---|---:|',
        `| GET /export (gateway → clinical, 100 pages, CSV streamed) | ${e.toFixed(0)} |`,
        `| raw better-sqlite3 iteration + the same CSV encoder | ${r.toFixed(0)} |`,
        '',
        `Export / raw: ${((e / r) * 100).toFixed(1)} % (target ≥ 50 %). Peak RSS during export: ${peak.toFixed(0)} MB; after: ${rssMb().toFixed(0)} MB.`,
        '',
      ].join('\n'),
    );
  } finally {
    await mesh.close();
    snapshots?.remove();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
