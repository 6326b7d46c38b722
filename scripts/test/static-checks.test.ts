import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/*
 * Tests run through SWC, which strips types without checking them. These checks make `npm test` fail on a
 * type error or a lint error too. (The web app is type-checked by `next build` in its end-to-end test.)
 */
const ROOT = resolve(__dirname, '..', '..');

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun) => {
    execFile(command, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolveRun({
        code: error ? Number((error as { code?: number }).code ?? 1) : 0,
        output: `${stdout}${stderr}`,
      }),
    );
  });
}

const workspaces = ['packages', 'subgraphs']
  .flatMap((parent) => readdirSync(join(ROOT, parent)).map((name) => `${parent}/${name}`))
  .concat(['gateway', 'schema-registry', 'scripts', 'web/test'])
  .filter((dir) => existsSync(join(ROOT, dir, 'tsconfig.json')));

describe('static checks', () => {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

  it.each(workspaces)('%s type-checks', async (dir) => {
    const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--noEmit']);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('ESLint reports nothing', async () => {
    const result = await run(process.execPath, [
      join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '.',
    ]);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
