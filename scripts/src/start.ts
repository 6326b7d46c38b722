import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PUBLISHED_DEV_SECRETS } from '@mesh/product-kit';
import { startService, stopAll, waitForHealth, type RunningService, type ServiceSpec } from './processes';

const ROOT = resolve(__dirname, '..', '..');
const USAGE = `Usage: npm start [-- --dev] [-- --skip-build] [-- --no-web]

Builds what changed, generates demo data on first run, and starts every data product, the gateway
and the web app. Ctrl-C stops them all.

Environment: HOST (127.0.0.1), GATEWAY_PORT (4000), WEB_PORT (3000), REGISTRY_PORT (4005),
<PRODUCT>_PORT (clinical 4001, genomics 4002), DATA_DIR (./data), LOG_LEVEL (info),
REGISTRY_ADMIN_TOKEN (a dev token, printed; set your own outside local development).`;

/**
 * DEV ONLY. The registry refuses to start without REGISTRY_ADMIN_TOKEN; `npm start` is a local demo, so it
 * passes this well-known token to the registry unless REGISTRY_ADMIN_TOKEN is set. Only this script uses it
 * (to approve each product's URL and visibility and to create scoped tokens); products and the gateway get
 * their own tokens. Never use it for a registry anyone else can reach.
 */
const DEV_ADMIN_TOKEN: string = PUBLISHED_DEV_SECRETS.DEV_ADMIN_TOKEN;

async function registryAdmin<T>(
  origin: string,
  adminToken: string,
  query: string,
  variables: object,
): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data || body.errors?.length)
    throw new Error(
      `registry refused ${query.split('(')[0]}: ${body.errors?.[0]?.message ?? response.status}`,
    );
  return body.data;
}

const APPROVE = `mutation($input: ApproveProductAccessInput!) { approveProductAccess(input: $input) { product } }`;
const CREATE_TOKEN = `mutation($input: CreateTokenInput!) { createToken(input: $input) { secret } }`;

/**
 * Least privilege for the local mesh: the admin (this script) approves each product's routing URL and
 * visibility (from its catalog.json), then creates one token per product, scoped to that product, and a
 * gateway token (read + report usage). Tokens are replaced by name on every start, so they do not pile up.
 */
async function createScopedTokens(
  origin: string,
  adminToken: string,
  products: { product: string; dir: string; port: number }[],
  host: string,
): Promise<{ products: Map<string, string>; gateway: string }> {
  const tokens = new Map<string, string>();
  for (const p of products) {
    const catalogFile = join(ROOT, p.dir, 'catalog.json');
    const catalog = existsSync(catalogFile)
      ? (JSON.parse(readFileSync(catalogFile, 'utf8')) as { visibility?: string })
      : {};
    await registryAdmin(origin, adminToken, APPROVE, {
      input: {
        product: p.product,
        routingUrl: `http://${host}:${p.port}/graphql`,
        visibility: catalog.visibility ?? 'private',
      },
    });
    const created = await registryAdmin<{ createToken: { secret: string } }>(
      origin,
      adminToken,
      CREATE_TOKEN,
      {
        input: { name: `npm start: ${p.product}`, scope: 'PRODUCT', product: p.product, replace: true },
      },
    );
    tokens.set(p.product, created.createToken.secret);
  }
  const gateway = await registryAdmin<{ createToken: { secret: string } }>(origin, adminToken, CREATE_TOKEN, {
    input: { name: 'npm start: gateway', scope: 'GATEWAY', replace: true },
  });
  return { products: tokens, gateway: gateway.createToken.secret };
}

interface ProductPackage {
  dir: string;
  product: string;
  port: number;
  snapshot: string;
}

/** Products are discovered from subgraphs/*\/package.json ("mesh" field): a new product needs no change here. */
function discoverProducts(): ProductPackage[] {
  return readdirSync(join(ROOT, 'subgraphs'))
    .filter((dir) => existsSync(join(ROOT, 'subgraphs', dir, 'package.json')))
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'subgraphs', dir, 'package.json'), 'utf8')) as {
        mesh?: { product: string; port: number; snapshot: string };
      };
      return pkg.mesh ? { dir: join('subgraphs', dir), ...pkg.mesh } : null;
    })
    .filter((product): product is ProductPackage => product !== null)
    .sort((a, b) => a.port - b.port);
}

async function assertPortFree(host: string, port: number, owner: string): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} (${owner}) is already in use. Stop whatever holds it (is the mesh already running?) or choose another port with the environment variable shown in \`npm start -- --help\`.`
            : `Cannot listen on ${host}:${port} for ${owner}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolvePort()));
  });
}

function run(step: string, command: string, args: string[], env: Record<string, string> = {}): void {
  process.stdout.write(`[start] ${step}…\n`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${step} failed (exit code ${result.status ?? result.signal})`);
}

/** Waits until every product is active in the registry (each publishes itself right after it starts). */
async function waitForPublished(registryOrigin: string, names: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let missing = names;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${registryOrigin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ products { name } }' }),
        signal: AbortSignal.timeout(2000),
      });
      const body = (await response.json()) as { data?: { products: { name: string }[] } };
      const active = new Set(body.data?.products.map((p) => p.name));
      missing = names.filter((name) => !active.has(name));
      if (missing.length === 0) return;
    } catch {
      // registry busy; ask again
    }
    await new Promise((resolveTick) => setTimeout(resolveTick, 100));
  }
  throw new Error(
    `${missing.join(', ')} did not publish to the registry within ${timeoutMs / 1000} s (see their logs above: a rejected schema is logged there)`,
  );
}

async function main() {
  const { values } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      'no-web': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = process.env;
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = resolve(env.DATA_DIR ?? join(ROOT, 'data'));
  const logLevel = env.LOG_LEVEL ?? 'info';
  const products = discoverProducts().map((p) => ({
    ...p,
    port: Number(env[`${p.product.toUpperCase()}_PORT`] ?? p.port),
  }));
  const gatewayPort = Number(env.GATEWAY_PORT ?? 4000);
  const registryPort = Number(env.REGISTRY_PORT ?? 4005);
  const registryOrigin = `http://${host}:${registryPort}`;
  const adminToken = env.REGISTRY_ADMIN_TOKEN ?? DEV_ADMIN_TOKEN;
  const webPort = Number(env.WEB_PORT ?? 3000);
  const withWeb = !values['no-web'];

  for (const p of products)
    await assertPortFree(host, p.port, `${p.product}, ${p.product.toUpperCase()}_PORT`);
  await assertPortFree(host, registryPort, 'schema registry, REGISTRY_PORT');
  await assertPortFree(host, gatewayPort, 'gateway, GATEWAY_PORT');
  if (withWeb) await assertPortFree(host, webPort, 'web, WEB_PORT');

  const node = process.execPath;
  const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
  const nextBin = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
  const common = { NEXT_TELEMETRY_DISABLED: '1', TURBO_TELEMETRY_DISABLED: '1' };
  if (values.dev) {
    run('Generating demo data (first run only)', bin('tsx'), [
      '--conditions=development',
      'packages/demo-data/src/cli.ts',
      '--if-missing',
      '--out',
      dataDir,
    ]);
  } else {
    if (!values['skip-build']) {
      const filters = withWeb ? [] : ['--filter=!@mesh/web'];
      run(
        'Building (cached after the first run)',
        bin('turbo'),
        ['run', 'build', '--output-logs=errors-only', ...filters],
        { ...common, NODE_ENV: 'production' },
      );
    }
    run('Generating demo data (first run only)', node, [
      'packages/demo-data/dist/cli.js',
      '--if-missing',
      '--out',
      dataDir,
    ]);
  }

  const serviceEnv = { ...common, HOST: host, LOG_LEVEL: logLevel };
  const registrySpec: ServiceSpec = {
    name: 'registry',
    command: values.dev ? bin('tsx') : node,
    args: values.dev
      ? ['watch', '--conditions=development', 'schema-registry/src/main.ts']
      : ['schema-registry/dist/main.js'],
    cwd: ROOT,
    env: {
      ...serviceEnv,
      PORT: String(registryPort),
      DATABASE_FILE: join(dataDir, 'registry.sqlite'),
      REGISTRY_ADMIN_TOKEN: adminToken,
      REGISTRY_PUBLIC_URL: registryOrigin,
      GATEWAY_PUBLIC_URL: `http://${host}:${gatewayPort}/graphql`,
    },
    healthUrl: `${registryOrigin}/ready`,
    publicUrl: `${registryOrigin}/graphql (catalogue: ${registryOrigin}/catalog)`,
  };
  // Products publish themselves to the registry once they serve (the kit does it when REGISTRY_URL is set).
  // REGISTRY_TOKEN of each product and of the gateway: scoped tokens, filled in once the registry is up.
  const registryEnv = { REGISTRY_URL: registryOrigin };
  const productSpecs: ServiceSpec[] = products.map((p) => ({
    name: p.product,
    command: values.dev ? bin('tsx') : node,
    args: values.dev
      ? ['watch', '--conditions=development', join(p.dir, 'src', 'main.ts')]
      : [join(p.dir, 'dist', 'src', 'main.js')],
    cwd: ROOT,
    env: { ...serviceEnv, ...registryEnv, PORT: String(p.port), DATABASE_FILE: join(dataDir, p.snapshot) },
    healthUrl: `http://${host}:${p.port}/health`,
    publicUrl: `http://${host}:${p.port}/graphql`,
  }));
  const gatewaySpec: ServiceSpec = {
    name: 'gateway',
    command: values.dev ? bin('tsx') : node,
    args: values.dev
      ? ['watch', '--conditions=development', 'gateway/src/main.ts']
      : ['gateway/dist/main.js'],
    cwd: ROOT,
    env: {
      ...serviceEnv,
      PORT: String(gatewayPort),
      // The gateway takes its supergraph from the registry (long-poll, hot reload) and reports usage to it.
      ...registryEnv,
      SUPERGRAPH_CACHE_FILE: join(dataDir, 'supergraph-cache.json'),
      API_TOKENS_DATABASE_FILE: join(dataDir, 'gateway-auth.sqlite'),
      CORS_ORIGINS: `http://localhost:${webPort},http://127.0.0.1:${webPort}`,
    },
    healthUrl: `http://${host}:${gatewayPort}/ready`,
    publicUrl: `http://${host}:${gatewayPort}/graphql`,
  };
  const webSpec: ServiceSpec = {
    name: 'web',
    command: node,
    args: [nextBin, values.dev ? 'dev' : 'start', '-p', String(webPort), '-H', host],
    cwd: join(ROOT, 'web'),
    env: {
      ...common,
      NODE_ENV: values.dev ? 'development' : 'production',
      GATEWAY_URL: `http://${host}:${gatewayPort}/graphql`,
      // The catalogue, version history and JSON-LD come from the registry (public reads).
      REGISTRY_URL: registryOrigin,
      PORT: String(webPort),
    },
    healthUrl: `http://${host}:${webPort}/`,
    publicUrl: `http://${host === '127.0.0.1' ? 'localhost' : host}:${webPort}`,
  };

  const specs = [registrySpec, ...productSpecs, gatewaySpec, ...(withWeb ? [webSpec] : [])];
  const width = Math.max(...specs.map((spec) => spec.name.length));
  const running: RunningService[] = [];
  let stopping = false;
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const shutdown = async (code: number, reason: string) => {
    if (stopping) return;
    stopping = true;
    write(`[start] ${reason}: stopping ${running.map((s) => s.spec.name).join(', ') || 'nothing'}…`);
    await stopAll(running);
    write('[start] all stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));

  const launch = (spec: ServiceSpec) => {
    const service = startService(spec, specs.indexOf(spec), width, write);
    write(`[start] started ${spec.name} pid=${service.child.pid}`);
    running.push(service);
    void service.exited.then((code) => {
      if (!stopping) void shutdown(1, `${spec.name} exited unexpectedly (code ${code})`);
    });
    return service;
  };

  try {
    // Registry first; products (in parallel) publish themselves to it; the gateway takes the supergraph.
    await waitForHealth(launch(registrySpec), 60_000);
    const scoped = await createScopedTokens(registryOrigin, adminToken, products, host);
    for (const [index, p] of products.entries())
      productSpecs[index]!.env = {
        ...productSpecs[index]!.env,
        REGISTRY_TOKEN: scoped.products.get(p.product)!,
      };
    gatewaySpec.env = { ...gatewaySpec.env, REGISTRY_TOKEN: scoped.gateway };
    await Promise.all(productSpecs.map((spec) => waitForHealth(launch(spec), 60_000)));
    await waitForPublished(
      registryOrigin,
      products.map((p) => p.product),
      60_000,
    );
    await waitForHealth(launch(gatewaySpec), 60_000);
    if (withWeb) await waitForHealth(launch(webSpec), values.dev ? 180_000 : 60_000);
  } catch (error) {
    write(`[start] ${(error as Error).message}`);
    await shutdown(1, 'start-up failed');
    return;
  }

  const rows = specs.map((spec) => `  ${spec.name.padEnd(width)}  ${spec.publicUrl}`);
  write(
    [
      '',
      '[start] The mesh is up:',
      ...rows,
      '',
      '  Try: curl -s ' +
        gatewaySpec.publicUrl +
        ` -H 'content-type: application/json' -d '{"query":"{ clinicalProduct { version dataVersion } }"}'`,
      `  Registry CLI: npx mesh history --registry ${registryOrigin}` +
        (adminToken === DEV_ADMIN_TOKEN ? ` --token ${DEV_ADMIN_TOKEN}   (dev-only admin token)` : ''),
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`[start] ${(error as Error).message}\n`);
  process.exit(1);
});
