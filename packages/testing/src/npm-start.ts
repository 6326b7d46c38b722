import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitForHealthy } from './http';

const ROOT = resolve(__dirname, '..', '..', '..');

export async function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export interface NpmStartedMesh {
  gatewayUrl: string;
  webOrigin: string;
  dataDir: string;
  /** Service name → pid, as `npm start` reported them. */
  pids: Record<string, number>;
  output(): string;
  /** Ctrl-C as a terminal sends it (SIGINT to the whole foreground group); resolves with how npm ended. */
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the README's `npm start` exactly as a user would (build, demo data into a fresh folder, products,
 * gateway, web) on free ports, and resolves once it reports the mesh is up.
 */
export async function startWithNpmStart(options: { timeoutMs?: number } = {}): Promise<NpmStartedMesh> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mesh-start-'));
  // Every product npm start will discover gets a free port too, not only the ones known here.
  const products = readdirSync(join(ROOT, 'subgraphs'))
    .map((dir) => join(ROOT, 'subgraphs', dir, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { mesh?: { product: string } }).mesh?.product)
    .filter((product): product is string => product !== undefined);
  const ports: Record<string, number> = {
    GATEWAY_PORT: await findFreePort(),
    REGISTRY_PORT: await findFreePort(),
    WEB_PORT: await findFreePort(),
  };
  for (const product of products) ports[`${product.toUpperCase()}_PORT`] = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.NODE_ENV; // Jest sets it to "test"; a user's shell does not.
  for (const [key, value] of Object.entries(ports)) env[key] = String(value);

  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-400_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );

  const interrupt = async () => {
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // already gone
    }
    const ended = await exited;
    rmSync(dataDir, { recursive: true, force: true });
    return ended;
  };

  const deadline = Date.now() + (options.timeoutMs ?? 6 * 60_000);
  let early: string | undefined;
  void exited.then(({ code, signal }) => {
    early = String(code ?? signal);
  });
  while (!output.includes('The mesh is up')) {
    if (early !== undefined)
      throw new Error(`npm start exited (${early}) before the mesh was up:\n${output}`);
    if (Date.now() > deadline) {
      await interrupt();
      throw new Error(`npm start did not report the mesh up in time:\n${output}`);
    }
    await new Promise((resolveTick) => setTimeout(resolveTick, 200));
  }
  const gatewayUrl = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
  const webOrigin = `http://127.0.0.1:${ports.WEB_PORT}`;
  await waitForHealthy(`http://127.0.0.1:${ports.GATEWAY_PORT}/ready`);
  await waitForHealthy(`${webOrigin}/`);
  const pids = Object.fromEntries(
    [...output.matchAll(/\[start\] started (\S+) pid=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]),
  );
  return { gatewayUrl, webOrigin, dataDir, pids, output: () => output, interrupt };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
