import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { inferTabularSpec, readCsv, tabularSdl, type TabularSpec } from '@mesh/product-kit';
import { productFiles } from './new-product-templates';

const ROOT = resolve(__dirname, '..', '..');
const USAGE = `Usage: npm run new-product -- --name NAME --csv FILE --key COLUMN [options]

Scaffolds a data product from a CSV: typed schema (descriptions to edit), filter + summary + compare apps,
tests, FAIR catalogue metadata; npm start picks it up and it publishes itself to the registry.

Options:
  --title TEXT           product title (default: NAME)
  --description TEXT     one-paragraph description
  --license SPDX         license of the data, e.g. CC-BY-4.0 (required)
  --source TEXT          who publishes the data (provenance)
  --source-url URL       where it comes from
  --source-version TEXT  version of the source
  --snapshot-date DATE   reference date of the data (default: today)
  --owner TEXT           owning team (default: "<NAME> team")
  --contact EMAIL        team contact
  --tags a,b,c           catalogue tags
  --port N               port (default: the next free one from 4010)
  --out DIR              where to write (default: subgraphs/NAME)
  --no-install           skip \`npm install\` (which links the new workspace)`;

function nextPort(): number {
  const used = readdirSync(join(ROOT, 'subgraphs'))
    .map((dir) => join(ROOT, 'subgraphs', dir, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { mesh?: { port: number } }).mesh?.port ?? 0);
  return Math.max(4009, ...used) + 1;
}

function main() {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      csv: { type: 'string' },
      key: { type: 'string' },
      title: { type: 'string' },
      description: { type: 'string' },
      license: { type: 'string' },
      source: { type: 'string' },
      'source-url': { type: 'string' },
      'source-version': { type: 'string' },
      'snapshot-date': { type: 'string' },
      owner: { type: 'string' },
      contact: { type: 'string' },
      tags: { type: 'string' },
      port: { type: 'string' },
      out: { type: 'string' },
      'no-install': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const missing = (['name', 'csv', 'key', 'license'] as const).filter((option) => !values[option]);
  if (missing.length > 0) throw new Error(`Missing ${missing.map((m) => `--${m}`).join(', ')}.\n\n${USAGE}`);
  const name = values.name!;
  const csv = resolve(values.csv!);
  if (!existsSync(csv)) throw new Error(`--csv ${values.csv} does not exist`);
  const out = resolve(values.out ?? join(ROOT, 'subgraphs', name));
  if (existsSync(out))
    throw new Error(`${relative(ROOT, out)} already exists; choose another --name or --out`);
  const snapshotDate = values['snapshot-date'] ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(snapshotDate))
    throw new Error(`--snapshot-date must be YYYY-MM-DD (got ${snapshotDate})`);

  const rows = readCsv(csv);
  const spec: TabularSpec = inferTabularSpec(name, rows, values.key!);
  const title = values.title ?? name;
  const description =
    values.description ?? `${title}, served from ${basename(csv)} (${rows.length} records).`;
  const port = values.port ? Number(values.port) : nextPort();
  const csvName = basename(csv);

  mkdirSync(join(out, 'src'), { recursive: true });
  mkdirSync(join(out, 'test'), { recursive: true });
  mkdirSync(join(out, 'data'), { recursive: true });
  copyFileSync(csv, join(out, 'data', csvName));
  const files = productFiles({
    spec,
    title,
    description,
    license: values.license!,
    source: values.source,
    sourceUrl: values['source-url'],
    sourceVersion: values['source-version'],
    snapshotDate,
    owner: values.owner ?? `${title} team`,
    contact: values.contact,
    tags: values.tags
      ?.split(',')
      .map((tag) => tag.trim())
      .filter(Boolean) ?? [name],
    port,
    csv: `data/${csvName}`,
    rowCount: rows.length,
    depth: relative(out, ROOT).split(/[\\/]/).filter(Boolean).length,
  });
  files['schema.graphql'] = tabularSdl(spec, { title, description });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(out, file), content);

  process.stdout.write(
    `Created ${relative(ROOT, out)}: ${spec.columns.length} columns (${spec.columns.map((c) => `${c.field}: ${c.type.toLowerCase()}`).join(', ')}), key ${spec.key}, port ${port}.\n`,
  );
  if (!values['no-install']) {
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (install.status !== 0)
      throw new Error('npm install failed; run it yourself to link the new workspace');
  }
  process.stdout.write(
    [
      '',
      'Next:',
      `  1. Edit the descriptions and units in ${relative(ROOT, join(out, 'schema.graphql'))} and ${relative(ROOT, join(out, 'src', 'spec.ts'))}, and ${relative(ROOT, join(out, 'catalog.json'))}.`,
      `  2. npx jest ${relative(ROOT, out)}`,
      '  3. npm start: the product builds its snapshot from the CSV, publishes itself and joins the gateway.',
      '',
    ].join('\n'),
  );
}

try {
  main();
} catch (error) {
  process.stderr.write(`new-product: ${(error as Error).message}\n`);
  process.exit(1);
}
