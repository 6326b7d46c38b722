/**
 * Benchmark (not a test): usage ingestion under a flood of distinct operations. Starts the schema registry,
 * one product (clinical) and the gateway as separate processes, sends N distinct tiny operations through the
 * gateway, and prints the registry's database size (file + WAL), both processes' RSS, and the gateway's heap
 * and per-operation caches (its /metrics gauges) before and after.
 *
 *   npm run bench:usage              # 60,000 operations
 *   npm run bench:usage -- --quick   # 2,000 operations
 *   npm run bench:usage -- --operations 10000 --concurrency 16 --idle-seconds 30
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rssMb } from './proc';

const ROOT = resolve(__dirname, '..', '..');
const ADMIN = `bench-admin-${process.pid}-0123456789abcdef`;
const FLUSH_MS = 2000;

const freePort = () =>
  new Promise<number>((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function startProcess(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code) => {
    if (code !== null && code !== 0) process.stderr.write(`[bench] ${name} exited with ${code}\n`);
  });
  return child;
}

async function admin<T>(origin: string, query: string, variables: object): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      operations: { type: 'string' },
      concurrency: { type: 'string', default: '16' },
      'time-limit': { type: 'string', default: '900' },
      // After the flood: how long to leave the gateway idle before the last sample (V8 shrinks its heap then).
      'idle-seconds': { type: 'string', default: '30' },
    },
  });
  const total = Number(values.operations ?? (values.quick ? 2_000 : 60_000));
  const concurrency = Number(values.concurrency);
  const deadline = Date.now() + Number(values['time-limit']) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'bench-usage-'));
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children) child.kill('SIGTERM');
  };
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    process.stdout.write('[bench] generating demo data…\n');
    const generated = spawnSync(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', 'packages/demo-data/src/cli.ts', '--out', dir],
      { cwd: ROOT, stdio: 'ignore' },
    );
    if (generated.status !== 0) throw new Error('demo data generation failed');
    const [registryPort, productPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
    const registry = `http://127.0.0.1:${registryPort}`;
    const databaseFile = join(dir, 'registry.sqlite');
    children.push(
      startProcess('registry', 'schema-registry/src/main.ts', {
        PORT: String(registryPort),
        DATABASE_FILE: databaseFile,
        REGISTRY_ADMIN_TOKEN: ADMIN,
      }),
    );
    await waitFor(`${registry}/ready`, 60_000);
    const productUrl = `http://127.0.0.1:${productPort}/graphql`;
    await admin(
      registry,
      'mutation($input: ApproveProductAccessInput!) { approveProductAccess(input: $input) { product } }',
      {
        input: { product: 'clinical', routingUrl: productUrl, visibility: 'private' },
      },
    );
    const token = async (input: object) =>
      (
        await admin<{ createToken: { secret: string } }>(
          registry,
          'mutation($input: CreateTokenInput!) { createToken(input: $input) { secret } }',
          { input },
        )
      ).createToken.secret;
    children.push(
      startProcess('clinical', 'subgraphs/clinical/src/main.ts', {
        PORT: String(productPort),
        DATABASE_FILE: join(dir, 'clinical.sqlite'),
        REGISTRY_URL: registry,
        REGISTRY_TOKEN: await token({ name: 'bench clinical', scope: 'PRODUCT', product: 'clinical' }),
      }),
    );
    await waitFor(`http://127.0.0.1:${productPort}/health`, 60_000);
    // The product publishes itself once it serves; the gateway waits for that supergraph.
    const gatewayProcess = startProcess('gateway', 'gateway/src/main.ts', {
      PORT: String(gatewayPort),
      REGISTRY_URL: registry,
      REGISTRY_TOKEN: await token({ name: 'bench gateway', scope: 'GATEWAY' }),
      USAGE_REPORT_INTERVAL_MS: String(FLUSH_MS),
      API_TOKENS_DATABASE_FILE: join(dir, 'gateway-auth.sqlite'),
    });
    children.push(gatewayProcess);
    const gateway = `http://127.0.0.1:${gatewayPort}`;
    await waitFor(`${gateway}/ready`, 90_000);
    const [registryProcess] = children;

    const sample = async () => ({
      dbMb: mb(size(databaseFile)),
      walMb: mb(size(`${databaseFile}-wal`)),
      registryRss: rssMb(registryProcess!.pid).toFixed(0),
      gatewayRss: rssMb(gatewayProcess.pid).toFixed(0),
      ...(await gatewayMemory(gateway)),
    });
    // Warm up both processes (JIT, first supergraph) so "before" is a steady state.
    for (let i = 0; i < 50; i += 1) await send(gateway, `query Warm${i} { clinicalProduct { version } }`);
    await new Promise((r) => setTimeout(r, FLUSH_MS * 2));
    const before = await sample();
    process.stdout.write(`[bench] before: ${JSON.stringify(before)}\n`);

    let next = 0;
    let sent = 0;
    let failed = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < total && Date.now() < deadline) {
        const i = next++;
        // Distinct text per operation (name and argument), tiny body.
        const ok = await send(gateway, `query Q${i} { clinicalProduct { version } }`);
        sent += 1;
        if (!ok) failed += 1;
        if (sent % 5000 === 0)
          process.stdout.write(
            `[bench] ${sent}/${total} sent (${Math.round(sent / ((Date.now() - started) / 1000))}/s) ${JSON.stringify(await sample())}\n`,
          );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (Date.now() - started) / 1000;
    // Two report intervals so the last batches reach the registry.
    await new Promise((r) => setTimeout(r, FLUSH_MS * 3));
    const after = await sample();
    await new Promise((r) => setTimeout(r, Number(values['idle-seconds']) * 1000));
    const idle = await sample();
    const ready = (await (await fetch(`${registry}/ready`)).json()) as { usage?: unknown };
    const lines = [
      '',
      `Usage flood: ${sent} distinct operations (${failed} failed) in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s), concurrency ${concurrency}`,
      `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      '',
      '| | registry DB (MB) | registry WAL (MB) | registry RSS (MB) | gateway RSS (MB) | gateway heap used / total (MB) | gateway caches, estimated (MB) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...(
        [
          ['before', before],
          ['after', after],
          [`idle ${values['idle-seconds']} s`, idle],
        ] as const
      ).map(
        ([label, x]) =>
          `| ${label} | ${x.dbMb} | ${x.walMb} | ${x.registryRss} | ${x.gatewayRss} | ${x.heapUsed} / ${x.heapTotal} | ${x.caches} |`,
      ),
      '',
      `Registry usage counters: ${JSON.stringify(ready.usage)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    stop();
    await Promise.all(
      children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)),
    );
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The gateway's heap (in use, reserved) and its caches' estimated size, from its Prometheus gauges. */
async function gatewayMemory(gateway: string) {
  const text = await (await fetch(`${gateway}/metrics`)).text();
  const sum = (name: string) =>
    [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce(
      (total, match) => total + Number(match[1]),
      0,
    );
  return {
    heapUsed: mb(sum('nodejs_heap_size_used_bytes')),
    heapTotal: mb(sum('nodejs_heap_size_total_bytes')),
    caches: mb(sum('gateway_cache_bytes')),
  };
}

async function send(gateway: string, query: string): Promise<boolean> {
  try {
    const response = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
