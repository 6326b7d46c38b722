import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { composeSupergraph } from '@mesh/gateway';

const ROOT = resolve(__dirname, '..', '..');

function printSchema(product: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        '--conditions=development',
        join(ROOT, 'scripts', 'src', 'print-schema.ts'),
        product,
      ],
      { cwd: ROOT, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run print-schema', () => {
  it('prints each product\u2019s complete subgraph SDL, and together they compose', async () => {
    const products = ['clinical', 'genomics', 'trials', 'gapminder'];
    const printed = await Promise.all(products.map(printSchema));
    for (const result of printed) expect(result.code).toBe(0);
    expect(printed[0]!.stdout).toContain('type Patient');
    expect(printed[0]!.stdout).toContain('type AnalysisResult');
    const supergraph = composeSupergraph(
      products.map((name, i) => ({ name, url: `http://${name}/graphql`, sdl: printed[i]!.stdout })),
    );
    expect(supergraph).toContain('differentialExpression');
  });

  it('says what to do for an unknown product', async () => {
    const result = await printSchema('nosuch');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No product package @mesh/nosuch');
  });
});
