/**
 * Benchmark: the analysis platform (web) as `npm start` serves it — production build (`next build`, then
 * `next start`), the registry, every product and the gateway on demo data. Per page it reports the server
 * response time (cold first request, warm sequential median / p95, a short concurrent run) as a signed-in
 * user, and the JavaScript the page ships (every `<script src>` of its HTML, raw and gzip).
 *
 *   npm run bench:web                     # 30 sequential requests + 4 s at 8 concurrent, per page
 *   npm run bench:web -- --requests 50 --seconds 10 --concurrency 16 --anonymous --port-base 15000
 *   npm run bench:web -- --app clinical.cohortSummary  # default: the first app /apps lists
 *
 * The mesh is started by scripts/src/start.ts (what `npm start` runs): it builds through turbo, so an
 * up-to-date build is reused and a stale one rebuilt (1.5-2 min on 2 cores). Ports are `--port-base`
 * (web), +1 (gateway), +2 (registry), +3… (products); demo data goes to a temporary folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Pool, request } from 'undici';
import { runLoad, type LoadResult } from './load';

const ROOT = resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';
/** The web app's session cookie (web/lib/session.ts): the gateway token of the signed-in user. */
const SESSION_COOKIE = 'mesh_session';

interface Timing {
  ttfb: number;
  total: number;
}

interface PageResult {
  path: string;
  label: string;
  htmlBytes: number;
  htmlGzip: number;
  /** `<script src>` a current browser runs. */
  scripts: string[];
  /** `<script nomodule src>`: polyfills only browsers without ES modules download. */
  noModule: string[];
  cold: Timing;
  warm: { ttfbP50: number; p50: number; p95: number };
  load: LoadResult;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => value.toFixed(1);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Products npm start will launch (subgraphs/*\/package.json "mesh" field), so each gets a chosen port. */
function productNames(): string[] {
  return readdirSync(join(ROOT, 'subgraphs'))
    .map((dir) => join(ROOT, 'subgraphs', dir, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { mesh?: { product: string } }).mesh?.product)
    .filter((product): product is string => product !== undefined)
    .sort();
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, HOST, () => server.close(() => resolvePort(true)));
  });
}

/** Resident memory of a process and its descendants (`next start` serves from a child process). */
function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const one = (id: number): number => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, 'utf8'));
      const children = readdirSync(`/proc/${id}/task`).flatMap((task) =>
        readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
      );
      return (match ? Number(match[1]) / 1024 : 0) + children.reduce((sum, child) => sum + one(child), 0);
    } catch {
      return 0;
    }
  };
  return one(pid);
}

interface Mesh {
  webOrigin: string;
  gatewayOrigin: string;
  /** Service name → pid, as start.ts reported them. */
  pids: Record<string, number>;
  stop(): Promise<void>;
}

/**
 * Runs start.ts on the chosen ports and resolves once it reports the mesh up. Its output is shown as
 * progress (the build, then service warnings); the services run in their own process groups, so stopping
 * goes through start.ts (SIGINT, as Ctrl-C) and then makes sure none of the pids it reported outlive it.
 */
async function startMesh(portBase: number, dataDir: string): Promise<Mesh> {
  const ports: Record<string, number> = {
    WEB_PORT: portBase,
    GATEWAY_PORT: portBase + 1,
    REGISTRY_PORT: portBase + 2,
  };
  productNames().forEach((product, index) => (ports[`${product.toUpperCase()}_PORT`] = portBase + 3 + index));
  for (const [name, port] of Object.entries(ports)) {
    if (!(await portFree(port)))
      throw new Error(`Port ${port} (${name}) is in use: choose another range with --port-base.`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, HOST, LOG_LEVEL: 'warn' };
  // As a user's shell: start.ts sets NODE_ENV for the build and `next start` itself; the gateway's demo
  // sign-in (used below) is off when NODE_ENV=production is inherited.
  delete env.NODE_ENV;
  for (const [key, value] of Object.entries(ports)) env[key] = String(value);

  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'src', 'start.ts')], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const pids: Record<string, number> = {};
  let up = false;
  let noBuild = false;
  let banner = false;
  let resolveUp: () => void = () => {};
  const whenUp = new Promise<void>((resolveReady) => (resolveUp = resolveReady));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      const started = /\[start\] started (\S+) pid=(\d+)/.exec(line);
      if (started) pids[started[1]!] = Number(started[2]);
      if (line.includes('The mesh is up')) {
        up = true;
        banner = true;
        resolveUp();
      }
      // The "mesh is up" banner (URLs, a curl example) is noise here; the rest is progress or a warning.
      if (line.includes('Could not find a production build')) noBuild = true;
      if (!banner && line.trim()) process.stderr.write(`  | ${line}\n`);
      if (banner && line.includes('Ctrl-C stops everything')) banner = false;
    });
  }

  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 30_000);
    await exited;
    clearTimeout(timer);
    // start.ts stops its services on SIGINT; should it have been killed first, do it for it.
    for (const pid of Object.values(pids)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // group is empty
      }
    }
  };

  const failed = exited.then((code) => {
    if (!up)
      throw Object.assign(
        new Error(`npm start's script exited (code ${code}) before the mesh was up; see above`),
        { noBuild },
      );
  });
  await Promise.race([whenUp, failed]);
  return {
    webOrigin: `http://${HOST}:${ports.WEB_PORT}`,
    gatewayOrigin: `http://${HOST}:${ports.GATEWAY_PORT}`,
    pids,
    stop,
  };
}

/** The gateway token the sign-in action stores in the session cookie (web/app/sign-in/actions.ts). */
async function signIn(gatewayOrigin: string, username: string, password: string): Promise<string> {
  const response = await request(`${gatewayOrigin}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.body.json()) as { token?: string };
  if (response.statusCode !== 200 || !body.token)
    throw new Error(`Sign-in as ${username} failed (HTTP ${response.statusCode})`);
  return body.token;
}

/** One page request, read to the end: the app router streams, so the first byte and the last differ. */
async function timedGet(
  pool: Pool,
  path: string,
  headers: Record<string, string>,
): Promise<Timing & { status: number; body: string }> {
  const t0 = performance.now();
  const response = await pool.request({ path, method: 'GET', headers });
  const ttfb = performance.now() - t0;
  const body = await response.body.text();
  return { ttfb, total: performance.now() - t0, status: response.statusCode, body };
}

async function getPage(pool: Pool, path: string, headers: Record<string, string>) {
  const result = await timedGet(pool, path, headers);
  if (result.status !== 200) throw new Error(`GET ${path}: HTTP ${result.status}`);
  return result;
}

/** Script URLs the HTML loads (`<script src>`), in order, without duplicates; nomodule ones apart. */
function scriptSources(html: string): { scripts: string[]; noModule: string[] } {
  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
  const src = (tag: string) => /\ssrc="([^"]+)"/.exec(tag)?.[1]?.replaceAll('&amp;', '&');
  const pick = (legacy: boolean) => [
    ...new Set(
      tags
        .filter((tag) => /\snomodule\b/i.test(tag) === legacy)
        .map(src)
        .filter((url): url is string => url !== undefined),
    ),
  ];
  return { scripts: pick(false), noModule: pick(true) };
}

async function main() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '30' },
      seconds: { type: 'string', default: '4' },
      concurrency: { type: 'string', default: '8' },
      'port-base': { type: 'string', default: '15000' },
      app: { type: 'string' },
      anonymous: { type: 'boolean', default: false },
    },
  });
  const requests = Number(values.requests);
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const portBase = Number(values['port-base']);

  const dataDir = mkdtempSync(join(tmpdir(), 'mesh-bench-web-'));
  log(`Starting the mesh as npm start does (ports ${portBase}-${portBase + 2 + productNames().length}).`);
  log(`Building through turbo: an up-to-date build is reused, otherwise next build runs (about 1.5 min)…`);
  const startedAt = performance.now();
  let mesh: Mesh | undefined;
  let stopping: Promise<void> | undefined;
  const cleanUp = () =>
    (stopping ??= (async () => {
      await mesh?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    })());
  // The mesh runs in its own process groups, which a terminal's Ctrl-C does not reach.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

  try {
    try {
      mesh = await startMesh(portBase, dataDir);
    } catch (error) {
      // web/.next belongs to the checkout: another `npm start` or `next build` in it (tests, a colleague)
      // may have been rebuilding between our build and `next start`. Once more, after that build.
      if (!(error as { noBuild?: boolean }).noBuild) throw error;
      log('web/.next was replaced by another build in this checkout meanwhile; building and starting again…');
      mesh = await startMesh(portBase, dataDir);
    }
    log(`Mesh up in ${((performance.now() - startedAt) / 1000).toFixed(1)} s (build included).`);
    const pool = new Pool(mesh.webOrigin, { connections: concurrency });
    const token = await signIn(mesh.gatewayOrigin, 'alice', 'demo');
    const asAlice = { cookie: `${SESSION_COOKIE}=${token}` };

    // Cold: the first request of each route after `next start` (its server modules load on first use).
    // `/` goes first and also pays for what every route shares; `/apps` is where the app id comes from.
    const pages: { path: string; label: string }[] = [
      { path: '/', label: 'home' },
      { path: '/catalog', label: 'catalogue' },
      { path: '/products/clinical', label: 'product' },
      { path: '/apps', label: 'app list' },
    ];
    const first = new Map<string, Awaited<ReturnType<typeof getPage>>>();
    const cold = async (path: string) => {
      const result = await getPage(pool, path, asAlice);
      if (!result.body.includes('data-testid="session"'))
        throw new Error(`GET ${path} did not render as signed in (is the session cookie still accepted?)`);
      if (result.body.includes('notice--error'))
        log(`  warning: ${path} rendered an error notice (a product or the registry did not answer)`);
      first.set(path, result);
      log(`cold ${path.padEnd(28)} TTFB ${ms(result.ttfb).padStart(7)} ms  total ${ms(result.total)} ms`);
    };
    for (const page of pages) await cold(page.path);
    const appId = values.app ?? /href="\/apps\/([^"?#/]+)"/.exec(first.get('/apps')!.body)?.[1];
    if (!appId) throw new Error('/apps lists no app: pass one with --app <product.app>');
    pages.push({ path: `/apps/${appId}`, label: 'app' }, { path: '/history', label: 'history' });
    for (const page of pages.slice(4)) await cold(page.path);

    const measure = async (headers: Record<string, string>, who: string): Promise<PageResult[]> => {
      const results: PageResult[] = [];
      for (const page of pages) {
        const timings: Timing[] = [];
        for (let i = 0; i < requests; i++) timings.push(await getPage(pool, page.path, headers));
        const totals = timings.map((t) => t.total);
        const ttfbs = timings.map((t) => t.ttfb);
        const warm = {
          ttfbP50: percentile(ttfbs, 50),
          p50: percentile(totals, 50),
          p95: percentile(totals, 95),
        };
        const load = await runLoad(
          async () => {
            await getPage(pool, page.path, headers);
          },
          { concurrency, seconds },
        );
        log(
          `${who} ${page.path.padEnd(28)} warm p50 ${ms(warm.p50).padStart(7)} ms  p95 ${ms(warm.p95).padStart(7)} ms | ${concurrency} concurrent ${load.rps.toFixed(1).padStart(6)} req/s  p50 ${ms(load.p50)} ms  p99 ${ms(load.p99)} ms  errors ${load.errors}`,
        );
        const html = first.get(page.path)!.body;
        results.push({
          ...page,
          htmlBytes: Buffer.byteLength(html),
          htmlGzip: gzipSync(html).length,
          ...scriptSources(html),
          cold: first.get(page.path)!,
          warm,
          load,
        });
      }
      return results;
    };
    const signedIn = await measure(asAlice, 'alice');
    let anonymous: PageResult[] | undefined;
    if (values.anonymous) {
      // Signed out, the layout asks the gateway nothing about the session and queries carry no token.
      for (const page of pages) first.set(page.path, await getPage(pool, page.path, {}));
      anonymous = await measure({}, 'anon ');
    }

    // Every script once (no cookie: static chunks are public); gzip at zlib's default level, as Next's
    // compression of responses uses.
    const sizes = new Map<string, { raw: number; gzip: number }>();
    for (const src of new Set(signedIn.flatMap((page) => [...page.scripts, ...page.noModule]))) {
      const response = await request(new URL(src, mesh.webOrigin));
      const bytes = Buffer.from(await response.body.arrayBuffer());
      if (response.statusCode !== 200) throw new Error(`GET ${src}: HTTP ${response.statusCode}`);
      sizes.set(src, { raw: bytes.length, gzip: gzipSync(bytes).length });
    }
    const sum = (scripts: string[]) =>
      scripts.reduce(
        (total, src) => ({ raw: total.raw + sizes.get(src)!.raw, gzip: total.gzip + sizes.get(src)!.gzip }),
        { raw: 0, gzip: 0 },
      );
    const shared = signedIn[0]!.scripts.filter((src) => signedIn.every((page) => page.scripts.includes(src)));
    const sharedSize = sum(shared);
    const allScripts = [...new Set(signedIn.flatMap((page) => page.scripts))];
    const noModule = [...new Set(signedIn.flatMap((page) => page.noModule))];
    const webRss = rssMb(mesh.pids.web);
    await pool.close();

    const timingTable = (results: PageResult[], firstLabel: string) => [
      `| page | ${firstLabel} TTFB ms | ${firstLabel} total ms | warm TTFB p50 ms | warm p50 ms | warm p95 ms | ${concurrency} concurrent req/s | p50 ms | p99 ms | errors |`,
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map(
        (r) =>
          `| \`${r.path}\` | ${ms(r.cold.ttfb)} | ${ms(r.cold.total)} | ${ms(r.warm.ttfbP50)} | ${ms(r.warm.p50)} | ${ms(r.warm.p95)} | ${r.load.rps.toFixed(1)} | ${ms(r.load.p50)} | ${ms(r.load.p99)} | ${r.load.errors} |`,
      ),
    ];
    const allSize = sum(allScripts);
    log(
      [
        '',
        `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average at the end ${loadavg()
          .map((load) => load.toFixed(1))
          .join(' / ')} (1 / 5 / 15 min; everything shares the cores, the client too)`,
        `Workload: production build (next start) on the default demo data; per page ${requests} sequential requests after a cold first one, then ${concurrency} concurrent clients for ${seconds} s (closed loop); times are to the last byte of the streamed HTML unless marked TTFB.`,
        '',
        'Server response time, signed in as alice (analyst):',
        '',
        ...timingTable(signedIn, 'cold'),
        ...(anonymous
          ? ['', 'Signed out (the server is warm by then):', '', ...timingTable(anonymous, 'first')]
          : []),
        '',
        'JavaScript per page (every <script src> of the HTML; KiB, gzip level 6):',
        '',
        '| page | HTML KiB | HTML gzip KiB | scripts | JS KiB | JS gzip KiB | page-specific scripts | page-specific JS KiB | page-specific gzip KiB |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...signedIn.map((r) => {
          const total = sum(r.scripts);
          const own = r.scripts.filter((src) => !shared.includes(src));
          const ownSize = sum(own);
          return `| \`${r.path}\` | ${kib(r.htmlBytes)} | ${kib(r.htmlGzip)} | ${r.scripts.length} | ${kib(total.raw)} | ${kib(total.gzip)} | ${own.length} | ${kib(ownSize.raw)} | ${kib(ownSize.gzip)} |`;
        }),
        `| shared by every page (counted once) | | | ${shared.length} | ${kib(sharedSize.raw)} | ${kib(sharedSize.gzip)} | | | |`,
        `| all pages, each script once | | | ${allScripts.length} | ${kib(allSize.raw)} | ${kib(allSize.gzip)} | | | |`,
        ...(noModule.length > 0
          ? [
              `| not counted above: \`nomodule\` polyfills (legacy browsers only) | | | ${noModule.length} | ${kib(sum(noModule).raw)} | ${kib(sum(noModule).gzip)} | | | |`,
            ]
          : []),
        '',
        `RSS of next start after the run: ${webRss.toFixed(0)} MB.`,
        '',
      ].join('\n'),
    );
  } finally {
    log('Stopping the mesh…');
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack}\n`);
  process.exit(1);
});
