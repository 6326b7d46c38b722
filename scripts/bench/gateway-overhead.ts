/**
 * Benchmark: the cross-product query (clinical patients + genomics samples and expression, variables varied
 * per request) through our gateway, through stock @apollo/gateway on the same supergraph and products, and
 * from a client calling the two products directly (clinical page, then one genomics `_entities` fetch), side
 * by side in interleaved rounds, with the CPU each process spends per answered request. Our gateway runs twice,
 * with the data-access audit on (default) and off (AUDIT=off), so the audit's cost comes from the same run.
 *
 *   npm run bench -- [--seconds 10] [--rounds 3] [--concurrency 16] [--first 100]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { DEFAULT_REFERENCE_DATE, DEFAULT_SEED, DEFAULT_SIZE, generateDemoData } from '@mesh/demo-data';
import {
  startService,
  stopAll,
  waitForHealth,
  type RunningService,
  type ServiceSpec,
} from '../src/processes';
import { asUser, productIdentity, type SignedHeaders } from '@mesh/testing';
import { runLoad, type LoadResult } from './load';
import { cpuSeconds, rssMb } from './proc';

const ROOT = resolve(__dirname, '..', '..');
const DIAGNOSES = ['E11', 'I10', 'E78', 'J45', 'F32', 'K21', 'C50', 'C34', 'C18', 'N18'];
const GENE_PANELS = [
  ['TP53', 'EGFR'],
  ['MKI67', 'TOP2A', 'ESR1'],
  ['IL6', 'TNF'],
  ['GAPDH', 'ACTB', 'KRAS', 'BRAF'],
];

const GATEWAY_QUERY = `query Cohort($diagnosis: String!, $genes: [String!]!, $first: Int!) {
  patients(filter: {diagnosis: $diagnosis}, first: $first) {
    nodes { id age sex samples { id type expression(genes: $genes) { gene { symbol } value } } }
  }
}`;
const CLINICAL_QUERY = `query Cohort($diagnosis: String!, $first: Int!) {
  patients(filter: {diagnosis: $diagnosis}, first: $first) { nodes { id age sex } }
}`;
const GENOMICS_QUERY = `query Samples($representations: [_Any!]!, $genes: [String!]!) {
  _entities(representations: $representations) {
    ... on Patient { samples { id type expression(genes: $genes) { gene { symbol } value } } }
  }
}`;

async function post(
  pool: Pool,
  path: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> | SignedHeaders,
) {
  const body = JSON.stringify({ query, variables });
  // Direct product calls are signed per request, as the gateway signs each fetch.
  const extra =
    typeof headers === 'function' ? await headers({ url: `http://product${path}`, body }) : headers;
  const response = await pool.request({
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...extra },
    body,
  });
  const answer = (await response.body.json()) as { data?: unknown; errors?: unknown[] };
  if (response.statusCode !== 200 || answer.errors) throw new Error(`HTTP ${response.statusCode}`);
  return answer.data;
}

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '16' },
      first: { type: 'string', default: '100' },
    },
  });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const concurrency = Number(values.concurrency);
  const first = Number(values.first);

  const dataDir = mkdtempSync(join(tmpdir(), 'mesh-bench-'));
  process.stdout.write(
    `Generating demo data (${DEFAULT_SIZE.patients} patients, ${DEFAULT_SIZE.genes} genes, ${DEFAULT_SIZE.samples} samples)…\n`,
  );
  await generateDemoData({
    outDir: dataDir,
    seed: DEFAULT_SEED,
    referenceDate: DEFAULT_REFERENCE_DATE,
    ...DEFAULT_SIZE,
  });

  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const env = { LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  const ports = { clinical: 14001, genomics: 14002, gateway: 14000, auditOff: 14003 };
  const product = (name: 'clinical' | 'genomics'): ServiceSpec => ({
    name,
    command: tsx,
    args: ['--conditions=development', join(ROOT, 'subgraphs', name, 'src', 'main.ts')],
    env: { ...env, PORT: String(ports[name]), DATABASE_FILE: join(dataDir, `${name}.sqlite`) },
    healthUrl: `http://127.0.0.1:${ports[name]}/health`,
  });
  const gatewaySpec = (port: number, audit: 'on' | 'off'): ServiceSpec => ({
    name: audit === 'on' ? 'gateway' : 'gateway-audit-off',
    command: tsx,
    args: ['--conditions=development', join(ROOT, 'gateway', 'src', 'main.ts')],
    env: {
      ...env,
      PORT: String(port),
      SUBGRAPHS: `clinical=http://127.0.0.1:${ports.clinical}/graphql,genomics=http://127.0.0.1:${ports.genomics}/graphql`,
      // The audit writes to this file (with the API tokens), as a deployment's would.
      API_TOKENS_DATABASE_FILE: join(dataDir, `gateway-auth-${audit}.sqlite`),
      AUDIT: audit,
    },
    healthUrl: `http://127.0.0.1:${port}/ready`,
  });
  const services: RunningService[] = [];
  let stock: ChildProcess | undefined;
  const write = (line: string) => process.stderr.write(`${line}\n`);
  try {
    for (const spec of [product('clinical'), product('genomics')])
      services.push(startService(spec, services.length, 8, write));
    await Promise.all(services.map((service) => waitForHealth(service, 60_000)));
    services.push(startService(gatewaySpec(ports.gateway, 'on'), 2, 8, write));
    services.push(startService(gatewaySpec(ports.auditOff, 'off'), 3, 8, write));
    await Promise.all([waitForHealth(services[2]!, 60_000), waitForHealth(services[3]!, 60_000)]);
    // Stock @apollo/gateway on the supergraph ours composed, passing alice's identity to the products.
    const supergraphSdl = await (await fetch(`http://127.0.0.1:${ports.gateway}/supergraph`)).text();
    stock = fork(join(__dirname, 'gateways', 'stock-gateway.ts'), [], {
      cwd: ROOT,
      execArgv: ['--conditions=development', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<string>((resolveUrl, reject) => {
      stock!.on('message', (message: { type?: string; url?: string }) => {
        if (message.type === 'ready' && message.url) resolveUrl(message.url);
      });
      stock!.once('exit', (code) => reject(new Error(`stock gateway exited (${code}) before it was ready`)));
    });
    stock.send({ type: 'start', supergraphSdl, identityOf: 'alice' });
    const stockUrl = await ready;

    const pools = {
      gateway: new Pool(`http://127.0.0.1:${ports.gateway}`, { connections: concurrency }),
      auditOff: new Pool(`http://127.0.0.1:${ports.auditOff}`, { connections: concurrency }),
      clinical: new Pool(`http://127.0.0.1:${ports.clinical}`, { connections: concurrency }),
      genomics: new Pool(`http://127.0.0.1:${ports.genomics}`, { connections: concurrency }),
      stock: new Pool(new URL(stockUrl).origin, { connections: concurrency }),
    };
    const args = (i: number) => ({
      diagnosis: DIAGNOSES[i % DIAGNOSES.length]!,
      genes: GENE_PANELS[i % GENE_PANELS.length]!,
      first,
    });
    // As a signed-in analyst: the gateway verifies the JWT and signs the identity it forwards; the direct
    // path sends the identity a product expects from the gateway, so both paths pass the same access checks.
    const asAlice = await asUser('alice');
    const aliceAt = {
      clinical: await productIdentity('alice', 'clinical'),
      genomics: await productIdentity('alice', 'genomics'),
    };
    const viaGateway = async (i: number) => {
      await post(pools.gateway, '/graphql', GATEWAY_QUERY, args(i), asAlice);
    };
    const viaGatewayAuditOff = async (i: number) => {
      await post(pools.auditOff, '/graphql', GATEWAY_QUERY, args(i), asAlice);
    };
    const direct = async (i: number) => {
      const { diagnosis, genes } = args(i);
      const page = (await post(
        pools.clinical,
        '/graphql',
        CLINICAL_QUERY,
        { diagnosis, first },
        aliceAt.clinical,
      )) as {
        patients: { nodes: { id: string }[] };
      };
      const representations = page.patients.nodes.map((node) => ({ __typename: 'Patient', id: node.id }));
      await post(pools.genomics, '/graphql', GENOMICS_QUERY, { representations, genes }, aliceAt.genomics);
    };

    const viaStock = async (i: number) => {
      await post(pools.stock!, '/graphql', GATEWAY_QUERY, args(i), {});
    };
    const paths = { gateway: viaGateway, auditOff: viaGatewayAuditOff, stock: viaStock, direct } as const;
    type Path = keyof typeof paths;
    const PATHS = Object.keys(paths) as Path[];

    process.stdout.write(`Warm-up…\n`);
    for (const path of PATHS) await runLoad(paths[path], { concurrency, seconds: 2 });

    // CPU per answered request of each process (the machine's cores are shared, so where the CPU goes
    // explains the throughput ratios): products, gateways and this load generator.
    const processes = {
      clinical: services[0]!.child.pid,
      genomics: services[1]!.child.pid,
      gateway: services[2]!.child.pid,
      auditOff: services[3]!.child.pid,
      stock: stock.pid,
      client: process.pid,
    };
    type Process = keyof typeof processes;
    const cpuNow = () => {
      const own = process.cpuUsage();
      return Object.fromEntries(
        Object.entries(processes).map(([name, pid]) => [
          name,
          name === 'client' ? (own.user + own.system) / 1e6 : cpuSeconds(pid, true),
        ]),
      ) as Record<Process, number>;
    };
    const results = Object.fromEntries(PATHS.map((path) => [path, [] as LoadResult[]])) as Record<
      Path,
      LoadResult[]
    >;
    const cpuPerRequest = Object.fromEntries(
      PATHS.map((path) => [path, [] as Record<Process, number>[]]),
    ) as Record<Path, Record<Process, number>[]>;
    for (let round = 1; round <= rounds; round++) {
      // Alternate the order so slow drifts of the machine hit every path alike.
      for (const path of round % 2 === 1 ? PATHS : [...PATHS].reverse()) {
        const before = cpuNow();
        const result = await runLoad(paths[path], { concurrency, seconds });
        const after = cpuNow();
        results[path].push(result);
        cpuPerRequest[path].push(
          Object.fromEntries(
            (Object.keys(processes) as Process[]).map((name) => [
              name,
              ((after[name] - before[name]) * 1000) / result.iterations,
            ]),
          ) as Record<Process, number>,
        );
        process.stdout.write(
          `round ${round}/${rounds} ${path.padEnd(7)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  errors ${result.errors}\n`,
        );
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const summary = (list: LoadResult[]) => ({
      rps: median(list.map((r) => r.rps)),
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
    });
    const g = summary(results.gateway);
    const off = summary(results.auditOff);
    const st = summary(results.stock);
    const d = summary(results.direct);
    const rss = {
      clinical: rssMb(services[0]!.child.pid, true),
      genomics: rssMb(services[1]!.child.pid, true),
      gateway: rssMb(services[2]!.child.pid, true),
      auditOff: rssMb(services[3]!.child.pid, true),
      stock: rssMb(stock.pid, true),
    };
    // Which processes each path runs on (an idle gateway's background work is not its cost).
    const involved: Record<Path, Process[]> = {
      gateway: ['clinical', 'genomics', 'gateway', 'client'],
      auditOff: ['clinical', 'genomics', 'auditOff', 'client'],
      stock: ['clinical', 'genomics', 'stock', 'client'],
      direct: ['clinical', 'genomics', 'client'],
    };
    const cpuRow = (path: Path) => {
      const cell = (name: Process) => median(cpuPerRequest[path].map((sample) => sample[name]));
      const cells = (Object.keys(processes) as Process[]).map((name) =>
        involved[path].includes(name) ? cell(name).toFixed(2) : '–',
      );
      const total = involved[path].reduce((sum, name) => sum + cell(name), 0);
      return `| ${path} | ${cells.join(' | ')} | ${total.toFixed(2)} |`;
    };
    process.stdout.write(
      [
        '',
        `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
        `Workload: patients(filter: {diagnosis}, first: ${first}) + samples + expression of 2-4 genes, diagnoses and genes varied per request (no de-duplication applies); ${concurrency} concurrent clients; ${rounds} rounds x ${seconds} s each, interleaved; medians.`,
        '',
        '| path | req/s | p50 ms | p99 ms |',
        '|---|---:|---:|---:|',
        `| ours (@mesh/gateway, JWT auth, authorization, metrics) | ${g.rps.toFixed(0)} | ${g.p50.toFixed(1)} | ${g.p99.toFixed(1)} |`,
        `| ours with AUDIT=off | ${off.rps.toFixed(0)} | ${off.p50.toFixed(1)} | ${off.p99.toFixed(1)} |`,
        `| stock @apollo/gateway (one fixed identity, no auth) | ${st.rps.toFixed(0)} | ${st.p50.toFixed(1)} | ${st.p99.toFixed(1)} |`,
        `| direct to products (client stitches 2 calls) | ${d.rps.toFixed(0)} | ${d.p50.toFixed(1)} | ${d.p99.toFixed(1)} |`,
        '',
        `Data-access audit on vs off (same run): throughput x${(g.rps / off.rps).toFixed(3)}, p99 x${(g.p99 / off.p99).toFixed(3)}.`,
        `Ours vs stock: throughput x${(g.rps / st.rps).toFixed(2)}, p99 x${(g.p99 / st.p99).toFixed(2)}.`,
        `Gateway overhead (ours vs direct): latency p50 x${(g.p50 / d.p50).toFixed(2)}, throughput x${(d.rps / g.rps).toFixed(2)} lower.`,
        '',
        'CPU per answered request (ms, medians of rounds; user + system, process and its children):',
        '',
        `| path | ${Object.keys(processes).join(' | ')} | total |`,
        `|---|${Object.keys(processes)
          .map(() => '---:|')
          .join('')}---:|`,
        ...PATHS.map(cpuRow),
        '',
        `RSS after the run: ours ${rss.gateway.toFixed(0)} MB (audit off ${rss.auditOff.toFixed(0)} MB), stock ${rss.stock.toFixed(0)} MB, clinical ${rss.clinical.toFixed(0)} MB, genomics ${rss.genomics.toFixed(0)} MB.`,
        '',
      ].join('\n'),
    );
    await Promise.all(Object.values(pools).map((pool) => pool.close()));
  } finally {
    stock?.kill('SIGTERM');
    await stopAll(services);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
