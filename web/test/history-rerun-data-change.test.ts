import { join } from 'node:path';
import { dataTables as clinicalDataTables } from '@mesh/clinical';
import { computeDataVersion } from '@mesh/product-kit';
import { deriveSnapshot, startLocalMesh, waitUntil, type LocalMesh } from '@mesh/testing';
import type { RerunState } from '../components/history/action-state';
import { describeChange } from '../components/history/compare';
import { fetchSupergraphId } from '../components/history/gateway-fetch';
import { rerunEntry, type RerunGateway } from '../components/history/rerun-entry';
import type { AnalysisApp, AnalysisResult, EntrySchema } from '../lib/apps';
import { HISTORY_ENTRY_QUERY, type ProductVersion } from '../lib/workspace';
import { discoverApp, ok, runAndRecordApp, sessionGateway } from './support/app-runs';

/*
 * Reproducibility for real: a run recorded on one clinical snapshot, then clinical's data changes (a new
 * snapshot file, the product restarted on it on the same port), and the history's re-run must say
 * "changed" and name clinical's old and new dataVersion — with the platform's own code for every step
 * (app metadata → form → operation, the app runner's record, the history page's re-run and comparison).
 */

const APP_ID = 'genomics.geneExpression';

let mesh: LocalMesh;
let token: string;
let gateway: RerunGateway;
let app: AnalysisApp;
let schema: EntrySchema;
let gene: string;

/** Alice's session, as the web's server code sends it (`gatewayRequest` with her session token). */
const { send, query } = sessionGateway(
  () => mesh.gateway.url,
  () => token,
);

/** What the clinical product itself says it serves (its /ready endpoint), not what the gateway relays. */
async function clinicalIdentity(): Promise<{ version: string; dataVersion: string }> {
  const response = await fetch(`${mesh.clinical.origin}/ready`);
  expect(response.status).toBe(200);
  return (await response.json()) as { version: string; dataVersion: string };
}

async function gatewayDataVersions(): Promise<Record<string, string>> {
  const data = await query<Record<string, { dataVersion: string }>>(
    '{ clinicalProduct { dataVersion } genomicsProduct { dataVersion } }',
  );
  return { clinical: data.clinicalProduct!.dataVersion, genomics: data.genomicsProduct!.dataVersion };
}

async function e11Count(): Promise<number> {
  const data = await query<{ patients: { totalCount: number } }>(
    '{ patients(filter: { diagnosis: "E11" }, first: 1) { totalCount } }',
  );
  return data.patients.totalCount;
}

/**
 * Runs the app as its page would for "E11 vs not E11, one gene" (default form values, then the cohort
 * builder filled in) and records it as the app runner does: the new history entry's id, the analysis result
 * and the products (with versions) the run recorded.
 */
async function runAndRecord(): Promise<{ id: string; result: AnalysisResult; products: ProductVersion[] }> {
  const recorded = await runAndRecordApp(send, { app, schema }, (values) => {
    const [a, b] = values.groups;
    if (a?.builder !== 'cohort' || b?.builder !== 'cohort') throw new Error('expected the cohort builder');
    a.cohort.diagnoses = 'E11';
    b.cohort.diagnoses = 'E11';
    b.cohort.diagnosisMatch = 'NONE';
    values.parameters.gene = gene;
  });
  expect(recorded.result.computable).toBe(true);
  return recorded;
}

async function rerun(id: string): Promise<Extract<RerunState, { status: 'done' }>> {
  const state = await rerunEntry(id, gateway);
  if (state.status !== 'done') throw new Error(`re-run: ${JSON.stringify(state)}`);
  return state;
}

beforeAll(async () => {
  mesh = await startLocalMesh({ workspace: true, data: { patients: 600, samples: 300, genes: 50 } });
  // Signed in as the web's sign-in form does it: the gateway's /auth/login issues the session token.
  const login = await fetch(`${mesh.gateway.origin}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'demo' }),
  });
  expect(login.status).toBe(200);
  token = ((await login.json()) as { token: string }).token;
  gateway = { request: send, supergraphId: () => fetchSupergraphId(() => mesh.gateway.url) };

  // The app page's discovery: the product's app metadata and the entry's argument types, from the gateway.
  ({ app, schema } = await discoverApp(query, APP_ID));
  expect(schema.cohortBuilder).toBe(true);
  const genes = await query<{ genes: { nodes: { symbol: string }[] } }>(
    '{ genes(first: 1) { nodes { symbol } } }',
  );
  gene = genes.genes.nodes[0]!.symbol;
}, 180_000);

afterAll(async () => {
  await mesh?.close();
});

describe('re-running a recorded run after clinical changed its data', () => {
  const state: {
    before?: { id: string; result: AnalysisResult; products: ProductVersion[] };
    clinicalBefore?: string;
    clinicalAfter?: string;
    genomics?: string;
  } = {};

  it('records an app run that touches clinical and genomics, with both data versions', async () => {
    state.clinicalBefore = (await clinicalIdentity()).dataVersion;
    state.genomics = (await gatewayDataVersions()).genomics;
    state.before = await runAndRecord();
    expect(state.before.products.map((product) => product.name)).toEqual(['clinical', 'genomics']);
    expect(state.before.products).toContainEqual(
      expect.objectContaining({ name: 'clinical', dataVersion: state.clinicalBefore }),
    );

    // Unchanged data: the platform's re-run says "identical".
    const same = await rerun(state.before.id);
    expect(same.comparison).toEqual({
      status: 'identical',
      before: state.before.result.resultHash,
      after: state.before.result.resultHash,
      changes: [],
    });
  });

  it('clinical restarts on a new snapshot, and the gateway serves its new dataVersion', async () => {
    const countBefore = await e11Count();
    // A sampled patient (tumour tissue) without type 2 diabetes: diagnosing it moves a sample between the
    // two groups of the recorded run, so its result must change.
    const samples = await query<{
      samples: { nodes: { id: string; patient: { id: string; diagnoses: { code: string }[] } }[] };
    }>('{ samples(type: TUMOR, first: 500) { nodes { id patient { id diagnoses { code } } } } }');
    const patient = samples.samples.nodes.find(
      (sample) => !sample.patient.diagnoses.some((diagnosis) => diagnosis.code.startsWith('E11')),
    )?.patient;
    expect(patient).toBeDefined();

    const oldFile = join(mesh.dataDir, 'clinical.sqlite');
    const newFile = join(mesh.dataDir, 'clinical-next.sqlite');
    await deriveSnapshot(oldFile, newFile, async (db) => {
      await db('diagnoses').insert({ patient_id: patient!.id, code: 'E11.9', onset_date: '2025-11-02' });
    });
    const expected = computeDataVersion(newFile, clinicalDataTables);
    expect(expected).not.toBe(state.clinicalBefore);
    expect(computeDataVersion(oldFile, clinicalDataTables)).toBe(state.clinicalBefore);

    const port = new URL(mesh.clinical.origin).port;
    await mesh.restart('clinical', { databaseFile: newFile });
    expect(new URL(mesh.clinical.origin).port).toBe(port);
    state.clinicalAfter = (await clinicalIdentity()).dataVersion;
    expect(state.clinicalAfter).toBe(expected);

    let seen: Record<string, string> = {};
    await waitUntil(
      'the gateway serves clinical’s new dataVersion',
      async () => {
        seen = await gatewayDataVersions();
        return seen.clinical === state.clinicalAfter ? true : undefined;
      },
      { describe: () => JSON.stringify(seen) },
    );
    expect(seen.genomics).toBe(state.genomics);
    expect(await e11Count()).toBe(countBefore + 1);
  });

  it('the re-run is "changed", naming clinical and its old and new dataVersion; genomics is unchanged', async () => {
    const { before } = state;
    const done = await rerun(before!.id);
    expect(done.comparison.status).toBe('changed');
    expect(done.comparison.before).toBe(before!.result.resultHash);
    expect(done.comparison.after).not.toBe(before!.result.resultHash);
    expect(done.comparison.changes).toEqual([
      { kind: 'dataVersion', product: 'clinical', from: state.clinicalBefore, to: state.clinicalAfter },
    ]);
    expect(done.comparison.changes.map(describeChange)).toEqual([
      expect.stringMatching(/^clinical dataVersion sha256:[0-9a-f]{8}… → sha256:[0-9a-f]{8}…$/),
    ]);

    // The re-run is in the history as a child of the original, with the versions it ran on.
    const recorded = await ok(send(HISTORY_ENTRY_QUERY, { id: done.newId }));
    expect(recorded.historyEntry).toMatchObject({
      parentId: before!.id,
      app: APP_ID,
      resultHash: done.comparison.after,
    });
    const products = recorded.historyEntry!.products;
    expect(products.find((product) => product.name === 'clinical')?.dataVersion).toBe(state.clinicalAfter);
    expect(products.find((product) => product.name === 'genomics')).toEqual(
      before!.products.find((product) => product.name === 'genomics'),
    );
  });

  it('a run recorded after the change re-runs as identical', async () => {
    const after = await runAndRecord();
    expect(after.result.resultHash).not.toBe(state.before!.result.resultHash);
    expect(after.products).toContainEqual(
      expect.objectContaining({ name: 'clinical', dataVersion: state.clinicalAfter }),
    );
    const done = await rerun(after.id);
    expect(done.comparison).toEqual({
      status: 'identical',
      before: after.result.resultHash,
      after: after.result.resultHash,
      changes: [],
    });
  });
});
