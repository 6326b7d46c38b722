import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PUBLISHED_DEV_SECRETS } from '@mesh/product-kit';
import { createTestSnapshots, waitForHealthy } from '@mesh/testing';
import { composeSupergraph } from '../src/compose';

/**
 * Production mode (NODE_ENV=production) at each service's real entry point, run as a child process: a
 * published development secret (set explicitly or left to its default) or the demo sign-in stops start-up
 * with a non-zero exit naming the variable; real secrets start.
 */

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const ENTRY = {
  gateway: join(ROOT, 'gateway/src/main.ts'),
  clinical: join(ROOT, 'subgraphs/clinical/src/main.ts'),
  workspace: join(ROOT, 'subgraphs/workspace/src/main.ts'),
};
const REAL_JWT_SECRET = 'a-real-jwt-secret-of-this-deployment-0123456789';
const REAL_IDENTITY_SECRET = 'a-real-identity-secret-of-this-deployment-0123';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mesh-production-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function launch(entry: string, env: Record<string, string>): ChildProcess & { stderrText: () => string } {
  // Only what the test sets: no secret of the machine running the tests leaks in.
  const child = spawn(TSX, ['--conditions=development', entry], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return Object.assign(child, { stderrText: () => stderr });
}

/** Runs an entry point that must refuse to start: its exit code and what it wrote to stderr. */
function refusal(
  entry: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const child = launch(entry, env);
  return new Promise((resolvePromise) =>
    child.once('exit', (code) => resolvePromise({ code, stderr: child.stderrText() })),
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** Starts an entry point that must serve, checks its health endpoint, then stops it. */
async function startsAndServes(entry: string, env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const child = launch(entry, { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const exited = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${child.stderrText()}`))),
  );
  try {
    await Promise.race([waitForHealthy(`http://127.0.0.1:${port}/health`, 30_000), exited]);
  } finally {
    child.removeAllListeners('exit');
    const stopped = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await stopped;
  }
}

const DEV = PUBLISHED_DEV_SECRETS;

describe('gateway in production', () => {
  const supergraph = () => {
    const file = join(dir, 'supergraph.graphql');
    const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
      type Query { hello: String }`;
    writeFileSync(file, composeSupergraph([{ name: 'hello', url: 'http://127.0.0.1:9/graphql', sdl }]));
    return file;
  };
  const safe = () => ({
    JWT_SECRET: REAL_JWT_SECRET,
    MESH_IDENTITY_SECRET: REAL_IDENTITY_SECRET,
    SUPERGRAPH_FILE: supergraph(),
    API_TOKENS_DATABASE_FILE: join(dir, 'gateway-auth.sqlite'),
  });

  it.each([
    ['JWT_SECRET', { JWT_SECRET: DEV.DEV_JWT_SECRET }, /JWT_SECRET equals a published development default/],
    ['JWT_SECRET', { JWT_SECRET: undefined }, /JWT_SECRET is not set/],
    [
      'MESH_IDENTITY_SECRET',
      { MESH_IDENTITY_SECRET: DEV.DEV_IDENTITY_SECRET },
      /MESH_IDENTITY_SECRET equals a published development default/,
    ],
    ['MESH_IDENTITY_SECRET', { MESH_IDENTITY_SECRET: undefined }, /MESH_IDENTITY_SECRET is not set/],
    [
      'MESH_IDENTITY_SECRETS (one product)',
      { MESH_IDENTITY_SECRETS: JSON.stringify({ clinical: DEV.DEV_IDENTITY_SECRET }) },
      /MESH_IDENTITY_SECRETS\.clinical equals a published development default/,
    ],
    ['DEMO_SIGN_IN', { DEMO_SIGN_IN: 'true' }, /DEMO_SIGN_IN=true/],
    [
      'JWT_ISSUER and JWT_AUDIENCE',
      { JWT_SECRET: undefined, JWKS_URL: 'https://idp.example.org/certs' },
      /JWT_ISSUER is not set[\s\S]*JWT_AUDIENCE is not set/,
    ],
  ])('refuses to start over %s (%j)', async (_name, change, message) => {
    const env: Record<string, string | undefined> = { ...safe(), ...change };
    const { code, stderr } = await refusal(
      ENTRY.gateway,
      Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)) as Record<
        string,
        string
      >,
    );
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/gateway refuses to start with NODE_ENV=production/);
    expect(stderr).toMatch(message);
  });

  it('starts with secrets of its own', async () => {
    await startsAndServes(ENTRY.gateway, safe());
  });
});

describe.each([
  ['clinical (product kit)', 'clinical' as const],
  ['workspace', 'workspace' as const],
])('%s in production', (_name, service) => {
  it.each([
    [
      'set to the development default',
      { MESH_IDENTITY_SECRET: DEV.DEV_IDENTITY_SECRET },
      /equals a published/,
    ],
    ['set to the demo password', { MESH_IDENTITY_SECRET: DEV.DEMO_PASSWORD }, /equals a published/],
    ['left unset (the development default)', {}, /MESH_IDENTITY_SECRET is not set/],
  ])('refuses to start with MESH_IDENTITY_SECRET %s', async (_case, env, message) => {
    const { code, stderr } = await refusal(ENTRY[service], {
      ...env,
      DATABASE_FILE: join(dir, `${service}-refused.sqlite`),
    });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(new RegExp(`${service} refuses to start with NODE_ENV=production`));
    expect(stderr).toMatch(message);
  });
});

describe('products start in production with a secret of their own', () => {
  it('workspace', async () => {
    await startsAndServes(ENTRY.workspace, {
      MESH_IDENTITY_SECRET: REAL_IDENTITY_SECRET,
      DATABASE_FILE: join(dir, 'workspace.sqlite'),
    });
  });

  it('clinical (product kit)', async () => {
    const snapshots = await createTestSnapshots({ patients: 50, samples: 20, genes: 60 });
    try {
      await startsAndServes(ENTRY.clinical, {
        MESH_IDENTITY_SECRET: REAL_IDENTITY_SECRET,
        DATABASE_FILE: snapshots.clinical,
      });
    } finally {
      snapshots.remove();
    }
  });
});
