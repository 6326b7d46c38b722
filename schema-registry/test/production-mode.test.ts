import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { PUBLISHED_DEV_SECRETS } from '@mesh/product-kit';
import { createTestDatabase } from './support';

const ROOT = resolve(__dirname, '..', '..');

/** Runs the registry's real entry point until it serves (then stops it) or exits on its own. */
function runRegistry(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; served: boolean }> {
  return new Promise((resolveRun) => {
    const child = spawn(
      process.execPath,
      ['--conditions=development', '--import', 'tsx', 'schema-registry/src/main.ts'],
      {
        cwd: ROOT,
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let served = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!served && output.includes('schema registry serving')) {
        served = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => resolveRun({ code, output, served }));
  });
}

describe('registry production mode (NODE_ENV=production)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(() => database.drop());

  it.each(Object.entries(PUBLISHED_DEV_SECRETS))(
    'refuses to start with REGISTRY_ADMIN_TOKEN set to the published %s',
    async (_name, value) => {
      const run = await runRegistry({ ...database.env, NODE_ENV: 'production', REGISTRY_ADMIN_TOKEN: value });
      expect(run.served).toBe(false);
      expect(run.code).not.toBe(0);
      expect(run.output).toContain('REGISTRY_ADMIN_TOKEN');
    },
    30_000,
  );

  it('refuses the test-only pause hook', async () => {
    const run = await runRegistry({
      ...database.env,
      NODE_ENV: 'production',
      REGISTRY_ADMIN_TOKEN: 'a-real-secret-of-this-deployment-0123456789',
      REGISTRY_TEST_PAUSE_FILE: '/tmp/never',
    });
    expect(run.served).toBe(false);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('REGISTRY_TEST_PAUSE_FILE');
  }, 30_000);

  it('starts with a real secret', async () => {
    const run = await runRegistry({
      ...database.env,
      NODE_ENV: 'production',
      REGISTRY_ADMIN_TOKEN: 'a-real-secret-of-this-deployment-0123456789',
    });
    expect(run.served).toBe(true);
  }, 30_000);
});
