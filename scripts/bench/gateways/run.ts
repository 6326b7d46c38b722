/**
 * Benchmark: our gateway (@mesh/gateway `startGateway`) versus stock @apollo/gateway on the workload of the
 * public graphql-gateways-benchmark ("federation" scenario: four subgraphs and its deep `TestQuery`, 50 VUs),
 * side by side in one run, in interleaved rounds.
 *
 *   npm run bench:gateways -- [--duration 10] [--rounds 3] [--concurrency 50] [--warmup 3]
 *                             [--subgraph-delay-ms 0] [--quick]
 *
 * Processes: the subgraphs in one child, each gateway in its own child (so RSS and CPU are per gateway), the
 * load generator here. Three request modes, each run against both gateways:
 * - identical: every request is the same anonymous TestQuery POST, as in the public benchmark. Both of our
 *   gateway's de-duplications apply: inbound (identical concurrent operations from the same caller share one
 *   execution) and outbound (identical concurrent subgraph fetches for the same identity share one fetch).
 * - variables: the same query text plus `variables: { nonce: N }`, N different for every request. Variables
 *   the operation does not declare are ignored by execution but are part of the inbound de-duplication key,
 *   so requests are not shared; the subgraph fetches they cause are still identical (and anonymous), so the
 *   outbound de-duplication still applies. (Declaring an unused `$nonce: Int` is not an option: GraphQL
 *   validation refuses unused variables. The query text is unchanged, so every cache still works.)
 * - callers: the identical request, each one from a different signed-in caller (`Authorization: Bearer <JWT>`,
 *   tokens cycled from a pool far larger than the concurrency). Neither de-duplication can apply: the inbound
 *   key has the Authorization header, the outbound key the signed caller identity. Stock ignores the header.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { cpuSeconds, rssMb } from '../proc';
import { createAuthenticator, DEV_JWT_SECRET } from '@mesh/gateway';
import { runLoad } from './load';
import {
  fixed,
  GATEWAY_LABEL,
  MODES,
  renderReport,
  ROUND,
  type GatewayId,
  type Line,
  type Mode,
  type Sample,
} from './report';
import {
  composeSupergraph,
  matchesExpected,
  SUBGRAPH_NAMES,
  TEST_QUERY,
  type SubgraphName,
} from './workload';

const ROOT = resolve(__dirname, '..', '..', '..');

// ---------------------------------------------------------------------------------------------------------------
// Child processes

const children: ChildProcess[] = [];
let shuttingDown = false;

function startChild(name: string, file: string, env: Record<string, string> = {}): ChildProcess {
  // No Apollo GraphOS settings: stock Apollo Server would report usage to GraphOS with them.
  const childEnv = Object.fromEntries(
    Object.entries({ ...process.env, ...env }).filter(([name]) => !name.startsWith('APOLLO_')),
  );
  const child = fork(join(__dirname, file), [], {
    cwd: ROOT,
    execArgv: ['--conditions=development', '--import', 'tsx'],
    env: childEnv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code, signal) => {
    if (!shuttingDown)
      process.stderr.write(`!! ${name} (pid ${child.pid}) exited: ${signal ?? `code ${code}`}\n`);
  });
  children.push(child);
  return child;
}

function nextMessage<T extends { type: string }>(
  child: ChildProcess,
  type: string,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => done(new Error(`no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: T) => {
      if (message.type === type) done(undefined, message);
    };
    const onExit = () => done(new Error(`child exited before sending "${type}"`));
    const done = (error?: Error, message?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolvePromise(message!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopChildren() {
  shuttingDown = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolvePromise) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
          const force = setTimeout(() => child.kill('SIGKILL'), 3000);
          child.once('exit', () => {
            clearTimeout(force);
            resolvePromise();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping the child processes…\n`);
    void stopChildren().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Process measurements (/proc)

/** Which gateway code ran: HEAD plus how many files of gateway/ and packages/ were uncommitted. */
function codeUnderTest(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
    const head = git('rev-parse', '--short', 'HEAD').trim();
    const dirty = git('status', '--porcelain', '--', 'gateway', 'packages')
      .split('\n')
      .filter(Boolean).length;
    return `commit ${head}${dirty ? ` + the working tree (${dirty} uncommitted files in gateway/ and packages/)` : ''}`;
  } catch {
    return 'unknown (git unavailable)';
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function postOnce(
  url: string,
  { body, headers }: { body: string; headers?: Record<string, string> },
): Promise<{ status: number; text: string }> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.statusCode, text: await response.body.text() };
}

async function main() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '3' },
      'subgraph-delay-ms': { type: 'string', default: '0' },
      quick: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick ?? false;
  const duration = quick ? 3 : Number(values.duration);
  const rounds = quick ? 1 : Number(values.rounds);
  const warmup = quick ? 1 : Number(values.warmup);
  const concurrency = Number(values.concurrency);
  const subgraphDelayMs = Number(values['subgraph-delay-ms']);
  for (const [name, value] of Object.entries({ duration, rounds, warmup, concurrency, subgraphDelayMs })) {
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name}: not a number ≥ 0`);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const loadAtStart = loadavg();
  const code = codeUnderTest();

  // --- processes --------------------------------------------------------------------------------------------
  log('Starting the subgraphs…');
  const subgraphs = startChild('subgraphs', 'subgraphs.ts', { SUBGRAPH_DELAY_MS: String(subgraphDelayMs) });
  const { urls } = await nextMessage<{ type: string; urls: Record<SubgraphName, string> }>(
    subgraphs,
    'ready',
  );
  const supergraphSdl = composeSupergraph(urls);

  log('Starting the gateways…');
  const gateways: Record<GatewayId, { child: ChildProcess; url: string; origin: string }> = {
    stock: { child: startChild('stock gateway', 'stock-gateway.ts'), url: '', origin: '' },
    ours: { child: startChild('our gateway', 'our-gateway.ts'), url: '', origin: '' },
  };
  gateways.stock.child.send({ type: 'start', supergraphSdl });
  gateways.ours.child.send({
    type: 'start',
    subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: urls[name] })),
  });
  for (const id of ['stock', 'ours'] as const) {
    const ready = await nextMessage<{ type: string; url: string }>(gateways[id].child, 'ready');
    gateways[id].url = ready.url;
    gateways[id].origin = new URL(ready.url).origin;
    log(`  ${GATEWAY_LABEL[id]}: ${ready.url} (pid ${gateways[id].child.pid})`);
  }
  const idleRss = {
    stock: rssMb(gateways.stock.child.pid!),
    ours: rssMb(gateways.ours.child.pid!),
  };

  /** Requests the subgraphs have answered so far, all four together. */
  const totalFetches = async () => {
    const reply = nextMessage<{ type: string; counts: Record<SubgraphName, number> }>(subgraphs, 'stats');
    subgraphs.send({ type: 'stats' });
    return Object.values((await reply).counts).reduce((sum, count) => sum + count, 0);
  };

  // --- requests ------------------------------------------------------------------------------------------
  const identicalBody = JSON.stringify({ query: TEST_QUERY });
  let nonce = 0;
  // Signed-in callers of our gateway's development identity provider (its default HS256 secret), many more
  // than can be in flight at once, so concurrent requests never come from the same caller.
  const issuer = createAuthenticator({ jwtSecret: DEV_JWT_SECRET });
  const tokens = await Promise.all(
    Array.from({ length: Math.max(1000, concurrency * 40) }, (_, i) =>
      issuer.issueDevToken!({ subject: `bench-user-${i}`, name: `Bench user ${i}`, roles: [] }),
    ),
  );
  let nextToken = 0;
  const nextRequest: Record<Mode, () => { body: string; headers?: Record<string, string> }> = {
    identical: () => ({ body: identicalBody }),
    variables: () => ({ body: JSON.stringify({ query: TEST_QUERY, variables: { nonce: nonce++ } }) }),
    callers: () => ({
      body: identicalBody,
      headers: { authorization: `Bearer ${tokens[nextToken++ % tokens.length]}` },
    }),
  };

  // --- verification --------------------------------------------------------------------------------------
  log('Verifying the answers…');
  const problems: string[] = [];
  const expectedLength: Partial<Record<GatewayId, number>> = {};
  const dataJson: Partial<Record<GatewayId, string>> = {};
  for (const id of ['stock', 'ours'] as const) {
    for (const mode of MODES) {
      const { status, text } = await postOnce(gateways[id].url, nextRequest[mode]());
      const body = JSON.parse(text) as { data?: unknown; errors?: unknown };
      if (status !== 200 || body.errors) {
        problems.push(`${GATEWAY_LABEL[id]} (${mode}): HTTP ${status} ${text.slice(0, 500)}`);
        continue;
      }
      if (!matchesExpected(body.data))
        problems.push(`${GATEWAY_LABEL[id]} (${mode}): data differs from the expected data`);
      const json = JSON.stringify(body.data);
      if (dataJson[id] !== undefined && dataJson[id] !== json)
        problems.push(`${GATEWAY_LABEL[id]}: modes answer differently`);
      dataJson[id] = json;
      if (expectedLength[id] !== undefined && expectedLength[id] !== text.length)
        problems.push(`${GATEWAY_LABEL[id]}: answer length differs between modes`);
      expectedLength[id] = text.length;
    }
  }
  if (dataJson.stock !== dataJson.ours) problems.push('the two gateways answer different `data`');
  const supergraphResponse = await request(`${gateways.ours.origin}/supergraph`);
  const sameSupergraph = (await supergraphResponse.body.text()) === supergraphSdl;
  if (problems.length) {
    for (const problem of problems) log(`!! ${problem}`);
    throw new Error('verification failed');
  }
  log(
    `  both gateways answer TestQuery with the expected data (identical JSON \`data\`, ${dataJson.stock!.length} characters); ` +
      `supergraphs ${sameSupergraph ? 'identical' : 'DIFFER (same subgraph SDL, composed separately)'}`,
  );

  // --- one measured window -------------------------------------------------------------------------------
  const runLine = async (line: Line, seconds: number, label: string): Promise<Omit<Sample, 'round'>> => {
    const pid = gateways[line.gateway].child.pid!;
    const prefix = `${label} · ${GATEWAY_LABEL[line.gateway]} · ${line.mode}`;
    const tty = process.stderr.isTTY;
    const fetchesBefore = await totalFetches();
    const cpuBefore = cpuSeconds(pid);
    const subgraphsCpuBefore = cpuSeconds(subgraphs.pid!);
    const selfCpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    let peakRss = rssMb(pid);
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(pid));
    }, 200);
    if (!tty) log(`${prefix}: ${seconds} s…`);
    const result = await runLoad({
      url: gateways[line.gateway].url,
      concurrency,
      seconds,
      next: nextRequest[line.mode],
      expectedLength: expectedLength[line.gateway]!,
      onTick: (elapsed, completed) => {
        const status = `${prefix}: ${Math.min(seconds, elapsed).toFixed(0)}/${seconds} s, ${completed} requests`;
        if (tty) process.stderr.write(`\r${status}   `);
        else if (Math.round(elapsed) % 5 === 0) log(`  ${status}`);
      },
    });
    clearInterval(sampler);
    peakRss = Math.max(peakRss, rssMb(pid));
    const wall = (performance.now() - wallBefore) / 1000;
    const cpu = cpuSeconds(pid) - cpuBefore;
    const subgraphsCpu = cpuSeconds(subgraphs.pid!) - subgraphsCpuBefore;
    const self = process.cpuUsage(selfCpuBefore);
    const fetches = (await totalFetches()) - fetchesBefore;
    const sample = {
      ...result,
      line,
      rssMb: peakRss,
      cpuPercent: (100 * cpu) / wall,
      subgraphsCpuPercent: (100 * subgraphsCpu) / wall,
      loadGeneratorCpuPercent: (100 * (self.user + self.system)) / 1e6 / wall,
      subgraphFetchesPerRequest: fetches / Math.max(1, result.requests + result.errors),
    };
    const summary =
      `${prefix}: ${fixed(result.rps)} req/s, p50 ${fixed(result.p50)} ms, p99 ${fixed(result.p99)} ms, ` +
      `${result.errors} errors, RSS ${fixed(peakRss, 0)} MB, CPU ${fixed(sample.cpuPercent, 0)} %, ` +
      `${fixed(sample.subgraphFetchesPerRequest, 2)} subgraph fetches/request`;
    if (tty) process.stderr.write(`\r${summary}${' '.repeat(10)}\n`);
    else log(`  ${summary}`);
    if (result.firstError) log(`  !! first failure: ${result.firstError}`);
    return sample;
  };

  // --- warm-up and rounds --------------------------------------------------------------------------------
  let warmupErrors = 0;
  if (warmup > 0) {
    for (const line of ROUND) warmupErrors += (await runLine(line, warmup, 'warm-up')).errors;
  }
  const samples: Sample[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const line of ROUND)
      samples.push({ ...(await runLine(line, duration, `round ${round}/${rounds}`)), round });
  }
  const loadAtEnd = loadavg();

  // --- report --------------------------------------------------------------------------------------------
  const { text, errors } = renderReport({
    samples,
    rounds,
    duration,
    concurrency,
    warmup,
    warmupErrors,
    subgraphDelayMs,
    answerBytes: expectedLength.stock!,
    loadAtStart,
    loadAtEnd,
    code,
    idleRss,
  });
  process.stdout.write(`\n${text}\n`);
  if (errors) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopChildren());
