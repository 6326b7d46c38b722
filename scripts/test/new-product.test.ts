import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startGateway } from '@mesh/gateway';
import { createLogger, type Product } from '@mesh/product-kit';
import { graphql, waitForHealthy } from '@mesh/testing';

const ROOT = resolve(__dirname, '..', '..');
// Inside the repository so the generated code resolves the workspace packages; ignored by git.
const WORK = join(ROOT, '.scaffold-test');

function scaffold(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        '--conditions=development',
        join(ROOT, 'scripts', 'src', 'new-product.ts'),
        ...args,
      ],
      { cwd: ROOT },
      (error, stdout, stderr) =>
        resolveRun({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}

describe('npm run new-product', () => {
  const csv = join(WORK, 'cities.csv');
  beforeAll(() => {
    rmSync(WORK, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    const rows = ['city,country code,population,coastal,median_age'];
    for (let i = 0; i < 40; i++)
      rows.push(
        `City ${i},${i % 2 ? 'NL' : 'PT'},${10_000 + i * 1_000},${i % 3 === 0},${(30 + (i % 2 ? 8 : 0) + (i % 5) / 2).toFixed(1)}`,
      );
    writeFileSync(csv, `${rows.join('\n')}\n`);
  });
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('scaffolds a product that joins a gateway and answers its apps', async () => {
    const out = join(WORK, 'cities');
    const run = await scaffold([
      '--name',
      'cities',
      '--csv',
      csv,
      '--key',
      'city',
      '--license',
      'CC0-1.0',
      '--source',
      'Test fixture',
      '--out',
      out,
      '--no-install',
      '--snapshot-date',
      '2024-01-01',
    ]);
    expect(run.output).toContain('Created');
    expect(run.code).toBe(0);
    const schema = readFileSync(join(out, 'schema.graphql'), 'utf8');
    expect(schema).toContain('type CitiesRecord @key(fields: "city")');
    expect(schema).toMatch(/population: Int!/);
    expect(schema).toMatch(/medianAge: Float!/);
    expect(schema).toMatch(/coastal: Boolean!/);
    expect(JSON.parse(readFileSync(join(out, 'catalog.json'), 'utf8'))).toMatchObject({
      visibility: 'public',
      license: 'CC0-1.0',
      dataSources: [{ name: 'Test fixture' }],
    });

    const { cities } = require(join(out, 'src', 'index.ts')) as { cities: Product<unknown> };
    const product = await cities.start({
      databaseFile: join(WORK, 'cities.sqlite'),
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('cities', 'silent'),
    });
    const gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [{ name: 'cities', url: product.url }],
      logger: createLogger('gateway', 'silent'),
    });
    try {
      await waitForHealthy(`${gateway.origin}/ready`);
      const result = await graphql<{
        citiesProduct: { apps: { id: string }[]; license: string; visibility: string };
        citiesComparison: {
          compare: {
            computable: boolean;
            statistics: { test: string; pValue: number; groups: { n: number }[] };
          };
        };
      }>(
        gateway.url,
        `
          {
            citiesProduct {
              license
              visibility
              apps {
                id
              }
            }
            citiesComparison(a: { countryCode: "NL" }, b: { countryCode: "PT" }, nameA: "NL", nameB: "PT") {
              compare(variable: "medianAge") {
                computable
                statistics {
                  test
                  pValue
                  groups {
                    n
                  }
                }
              }
            }
          }
        `,
      );
      // Public: an anonymous caller gets the data and the analyses.
      expect(result.errors).toBeUndefined();
      expect(result.data!.citiesProduct).toEqual({
        license: 'CC0-1.0',
        visibility: 'public',
        apps: [{ id: 'cities.filter' }, { id: 'cities.summary' }, { id: 'cities.compare' }],
      });
      expect(result.data!.citiesComparison.compare).toMatchObject({
        computable: true,
        statistics: { test: 'Welch two-sample t-test (two-sided)', groups: [{ n: 20 }, { n: 20 }] },
      });
      expect(result.data!.citiesComparison.compare.statistics.pValue).toBeLessThan(1e-6);
    } finally {
      await gateway.close();
      await product.close();
    }
  });

  it.each([
    ['a key with duplicate values', ['--key', 'country code'], 'repeats "PT"'],
    ['a key that is not a column', ['--key', 'town'], 'is not a column'],
    ['no license', ['--key', 'city', '--no-license-given'], 'Missing --license'],
  ])('refuses %s', async (_, extra, message) => {
    const args = [
      '--name',
      'broken',
      '--csv',
      csv,
      '--out',
      join(WORK, 'broken'),
      '--no-install',
      ...extra.filter((a) => a !== '--no-license-given'),
    ];
    if (!extra.includes('--no-license-given')) args.push('--license', 'CC0-1.0');
    const run = await scaffold(args);
    expect(run.code).toBe(1);
    expect(run.output).toContain(message);
  });
});
