/**
 * Benchmark: `GET /export` of every patient of a 100,000-patient snapshot as CSV through the gateway, by
 * its two paths — the bulk path (clinical's `POST /bulk` row stream, piped through) and the GraphQL path
 * (`bulk=false`: 100 GraphQL pages of 1,000, streamed) — against iterating the same rows with raw
 * better-sqlite3, in the same run. Reports rows/s, the ratios and the process RSS.
 *
 *   npm run bench:export                       # generates the snapshot (about 30 s), 3 rounds
 *   npm run bench:export -- --data DIR --rounds 5
 *   npm run bench:export -- --patients 1000000 --rounds 1 --skip-graphql   # memory at a million rows
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { csvField } from '@mesh/product-kit';
import { createTestSnapshots, startLocalMesh } from '@mesh/testing';

const QUERY = `query Everyone($first: Int, $after: String) {
  patients(first: $first, after: $after) { nodes { id sex birthYear age } pageInfo { hasNextPage endCursor } }
}`;
const rssMb = () => process.memoryUsage.rss() / 2 ** 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

interface Run {
  rows: number;
  ms: number;
  bytes: number;
  peakRss: number;
}

/** The same rows straight from SQLite (what clinical's page query reads), encoded as CSV lines. */
function rawSqlite(file: string): Run {
  const db = new Database(file, { readonly: true });
  const started = performance.now();
  let rows = 0;
  let bytes = 'id,sex,birth_date\r\n'.length;
  for (const row of db.prepare('SELECT id, sex, birth_date FROM patients ORDER BY id').raw().iterate()) {
    bytes +=
      `${(row as unknown[]).map((value) => csvField(value == null ? '' : String(value))).join(',')}\r\n`
        .length;
    rows += 1;
  }
  const ms = performance.now() - started;
  db.close();
  return { rows, ms, bytes, peakRss: rssMb() };
}

async function exportCsv(origin: string, headers: Record<string, string>, bulk: boolean): Promise<Run> {
  const params = new URLSearchParams({ query: QUERY, variables: JSON.stringify({ first: 1000 }) });
  if (!bulk) params.set('bulk', 'false');
  let peakRss = rssMb();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb())), 25);
  const started = performance.now();
  const response = await request(`${origin}/export?${params}`, { headers });
  if (response.statusCode !== 200)
    throw new Error(`HTTP ${response.statusCode}: ${await response.body.text()}`);
  const path = response.headers['x-export-path'];
  if (path !== (bulk ? 'bulk' : 'graphql'))
    throw new Error(`expected the ${bulk ? 'bulk' : 'GraphQL'} path, got ${String(path)}`);
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
    options: {
      data: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      patients: { type: 'string', default: '100000' },
      'skip-graphql': { type: 'boolean', default: false },
    },
  });
  const rounds = Number(values.rounds);
  const patients = Number(values.patients);
  let snapshots: Awaited<ReturnType<typeof createTestSnapshots>> | undefined;
  if (!values.data) {
    process.stdout.write(`Generating a snapshot of ${fmt(patients)} patients (60 genes, 200 samples)…\n`);
    const started = performance.now();
    snapshots = await createTestSnapshots({ patients, genes: 60, samples: 200 });
    process.stdout.write(`  ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const dataDir = values.data ?? snapshots!.dir;
  const mesh = await startLocalMesh({ dataDir });
  const paths = values['skip-graphql'] ? (['bulk'] as const) : (['bulk', 'graphql'] as const);
  try {
    const upRss = rssMb();
    process.stdout.write(`Mesh up, RSS ${upRss.toFixed(0)} MB.\n`);
    const rates: Record<'bulk' | 'graphql' | 'raw', number[]> = { bulk: [], graphql: [], raw: [] };
    /** Peak RSS growth during one export (peak minus the RSS when it started): what the export itself holds. */
    const growth: Record<'bulk' | 'graphql', number> = { bulk: 0, graphql: 0 };
    const peaks: Record<'bulk' | 'graphql', number> = { bulk: 0, graphql: 0 };
    let rows = 0;
    let bytes = 0;
    // Warm-up (JIT, page cache), then interleaved rounds: raw, bulk, GraphQL, so each round sees the same
    // machine state for every path.
    for (const path of ['bulk', ...paths] as const)
      await exportCsv(mesh.gateway.origin, mesh.as.ada, path === 'bulk');
    rawSqlite(join(dataDir, 'clinical.sqlite'));
    for (let round = 1; round <= rounds; round++) {
      const line: string[] = [];
      const direct = rawSqlite(join(dataDir, 'clinical.sqlite'));
      rows = direct.rows;
      rates.raw.push((direct.rows / direct.ms) * 1000);
      line.push(`raw ${direct.ms.toFixed(0)} ms (${fmt(rates.raw.at(-1)!)} rows/s)`);
      for (const path of paths) {
        const before = rssMb();
        const run = await exportCsv(mesh.gateway.origin, mesh.as.ada, path === 'bulk');
        if (run.rows !== direct.rows)
          throw new Error(`${path} export gave ${run.rows} rows, SQLite ${direct.rows}`);
        bytes = run.bytes;
        peaks[path] = Math.max(peaks[path], run.peakRss);
        growth[path] = Math.max(growth[path], run.peakRss - before);
        rates[path].push((run.rows / run.ms) * 1000);
        line.push(
          `${path} ${run.ms.toFixed(0)} ms (${fmt(rates[path].at(-1)!)} rows/s, RSS +${(run.peakRss - before).toFixed(0)} MB)`,
        );
      }
      process.stdout.write(`round ${round}/${rounds}: ${line.join(', ')}\n`);
    }
    const raw = median(rates.raw);
    const row = (label: string, rate: number, path?: 'bulk' | 'graphql') =>
      `| ${label} | ${fmt(rate)} | ${((rate / raw) * 100).toFixed(1)} % | ${path ? `+${growth[path].toFixed(0)} MB (peak ${peaks[path].toFixed(0)} MB)` : '—'} |`;
    process.stdout.write(
      [
        '',
        `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
        `Workload: ${fmt(rows)} patients { id sex birthYear age } as CSV (${(bytes / 2 ** 20).toFixed(1)} MiB); ${rounds} rounds, medians; mesh and client in one process (RSS ${upRss.toFixed(0)} MB with the mesh up).`,
        '',
        '| path | rows/s | of raw | RSS growth during an export |',
        '|---|---:|---:|---:|',
        row('GET /export, bulk path (clinical POST /bulk row stream, piped)', median(rates.bulk), 'bulk'),
        ...(rates.graphql.length
          ? [
              row(
                'GET /export, GraphQL path (`bulk=false`, pages of 1,000)',
                median(rates.graphql),
                'graphql',
              ),
            ]
          : []),
        row('raw better-sqlite3 iteration + the same CSV encoding', raw),
        '',
        `Bulk / raw: ${((median(rates.bulk) / raw) * 100).toFixed(1)} % (target ≥ 50 %). RSS after: ${rssMb().toFixed(0)} MB.`,
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
