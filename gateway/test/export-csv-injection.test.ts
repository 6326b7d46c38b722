import { join } from 'node:path';
import { request } from 'undici';
import { startClinical } from '@mesh/clinical';
import type { RunningProduct } from '@mesh/product-kit';
import { asUser, createTestSnapshots, deriveSnapshot, waitForHealthy } from '@mesh/testing';
import { startGateway, type RunningGateway } from '../src';
import { testLogger } from './support/products';

/**
 * CSV formula injection through /export: stored text that a spreadsheet would run as a formula comes out
 * prefixed with `'` on both paths (GraphQL execution and a product's /bulk row stream), and exactly as stored
 * with the explicit opt-out `csvSafe: false`.
 */

const HYPERLINK = '=HYPERLINK("http://evil.example/x","click")';
const PLANTED: Record<string, string> = {
  'PAT-000001': HYPERLINK,
  'PAT-000002': '@SUM(1+1)',
  'PAT-000003': '-2+3',
};

let snapshots: Awaited<ReturnType<typeof createTestSnapshots>>;
let clinical: RunningProduct;
let gateway: RunningGateway;
let carol: Record<string, string>;

beforeAll(async () => {
  snapshots = await createTestSnapshots({ patients: 40, samples: 10, genes: 60 });
  // Identifiers are text a data steward loads from elsewhere: the product serves whatever is stored.
  const planted = await deriveSnapshot(
    snapshots.clinical,
    join(snapshots.dir, 'planted.sqlite'),
    async (db) => {
      await db.raw('PRAGMA foreign_keys = OFF'); // the planted patients' other rows do not matter here
      for (const [id, text] of Object.entries(PLANTED))
        await db('patients').where({ id }).update({ id: text });
    },
  );
  clinical = await startClinical({
    databaseFile: planted,
    port: 0,
    host: '127.0.0.1',
    logger: testLogger('clinical'),
  });
  await waitForHealthy(`${clinical.origin}/health`);
  gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    subgraphs: [{ name: 'clinical', url: clinical.url }],
    logger: testLogger('gateway'),
  });
  carol = await asUser('carol');
}, 120_000);

afterAll(async () => {
  await gateway?.close();
  await clinical?.close();
  snapshots?.remove();
});

async function exportCsv(options: Record<string, unknown>) {
  const response = await request(`${gateway.origin}/export`, {
    method: 'POST',
    headers: { ...carol, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{ patients(first: 10) { nodes { id age } } }',
      path: 'patients.nodes',
      format: 'csv',
      ...options,
    }),
  });
  return {
    status: response.statusCode,
    path: response.headers['x-export-path'],
    text: await response.body.text(),
  };
}

const cells = (text: string) => text.split('\r\n').map((line) => line.split(',')[0]);

describe.each([
  ['bulk path (the product writes the CSV)', true, 'bulk'],
  ['GraphQL path (the gateway writes the CSV)', false, 'graphql'],
])('%s', (_name, bulk, path) => {
  it('prefixes cells a spreadsheet would run as formulas', async () => {
    const answer = await exportCsv({ bulk });
    expect(answer.status).toBe(200);
    expect(answer.path).toBe(path);
    expect(answer.text).toContain(`"'=HYPERLINK(""http://evil.example/x"",""click"")"`);
    expect(cells(answer.text)).toEqual(expect.arrayContaining(["'@SUM(1+1)", "'-2+3", 'PAT-000004']));
    expect(answer.text).not.toMatch(/(^|\r\n)[=@+-]/);
  });

  it('writes exactly the stored text with csvSafe: false', async () => {
    const answer = await exportCsv({ bulk, csvSafe: false });
    expect(answer.status).toBe(200);
    expect(answer.path).toBe(path);
    expect(answer.text).toContain(`"=HYPERLINK(""http://evil.example/x"",""click"")"`);
    expect(cells(answer.text)).toEqual(expect.arrayContaining(['@SUM(1+1)', '-2+3']));
    expect(answer.text).not.toContain("'");
  });
});

it('answers csvSafe that is not a boolean with 400', async () => {
  const answer = await exportCsv({ csvSafe: 'maybe' });
  expect(answer.status).toBe(400);
  expect(answer.text).toContain('csvSafe');
});
