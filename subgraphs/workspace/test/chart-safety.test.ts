import { barChart, createLogger, scatterPlot, survivalPlot, volcanoPlot } from '@mesh/product-kit';
import {
  createTestDatabase,
  graphql,
  productIdentity,
  waitForHealthy,
  type SignedHeaders,
  type TestDatabase,
} from '@mesh/testing';
import { startWorkspace, type RunningWorkspace } from '../src';

/*
 * Charts stored here are drawn in other users' browsers: a spec that loads (URL data, image marks), links
 * or computes a destination is refused on write with BAD_USER_INPUT naming where it is. The products' own
 * charts are stored unchanged. (Validation runs before storage, so one database is enough.)
 */
const RECORD_RUN = `mutation Record($input: RecordRunInput!) { recordRun(input: $input) { id result } }`;
const SAVE_UDAT = `mutation Save($input: SaveUdatInput!) { saveUdat(input: $input) { id payload } }`;
const UPDATE_UDAT = `mutation Update($id: ID!, $input: UpdateUdatInput!) { updateUdat(id: $id, input: $input) { id } }`;
const COUNTS = `{ history { totalCount } udats { totalCount } }`;

const productCharts = {
  bar: barChart({
    title: 'Age',
    values: [{ category: 'F', group: 'a', value: 1.5 }],
    categoryTitle: 'Sex',
    valueTitle: 'Age',
  }),
  scatter: scatterPlot({
    title: 'x vs y',
    points: [
      { x: 1, y: 2 },
      { x: 2, y: 3 },
    ],
    xTitle: 'x',
    yTitle: 'y',
  }),
  volcano: volcanoPlot({
    title: 'DE',
    points: [{ gene: 'TP53', log2FoldChange: 1, pValue: 0.01, significant: true }],
  }),
  survival: survivalPlot({
    title: 'KM',
    steps: [{ group: 'a', time: 0, survival: 1, lower: null, upper: null }],
    timeTitle: 'Months',
  }),
};

/** The bait of the review: read another user's artifact with the viewer's cookie, send it elsewhere. */
const hostileChart = {
  data: { url: '/udats/udat_private/csv', format: { type: 'csv' } },
  layer: [{ mark: 'image', encoding: { url: { field: 'name' } } }],
};

interface Refusal {
  errors?: { message: string; extensions?: { code?: string; argument?: string } }[];
}

let database: TestDatabase;
let workspace: RunningWorkspace;
let alice: SignedHeaders;

beforeAll(async () => {
  database = await createTestDatabase('sqlite', 'workspace-charts');
  workspace = await startWorkspace({
    databaseFile: database.databaseFile,
    databaseUrl: database.databaseUrl,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('workspace', 'silent'),
  });
  await waitForHealthy(`${workspace.origin}/health`);
  alice = await productIdentity('alice');
});

afterAll(async () => {
  await workspace?.close();
  await database?.drop();
});

const call = <T>(query: string, variables: Record<string, unknown>) =>
  graphql<T>(workspace.url, query, variables, alice);

async function counts(): Promise<{ history: number; udats: number }> {
  const answer = await call<{ history: { totalCount: number }; udats: { totalCount: number } }>(COUNTS, {});
  return { history: answer.data!.history.totalCount, udats: answer.data!.udats.totalCount };
}

function expectRefusedAt(answer: Refusal, argument: string): void {
  expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  expect(answer.errors![0]!.message).toContain(`${argument}: loads data or an image from a URL`);
}

test('the charts products draw are stored unchanged, in runs and in saved results', async () => {
  const result = {
    data: Object.fromEntries(
      Object.entries(productCharts).map(([name, chart]) => [name, { resultHash: `sha256:${name}`, chart }]),
    ),
  };
  const run = await call<{ recordRun: { result: unknown } }>(RECORD_RUN, {
    input: { kind: 'QUERY', title: 'Charts', operation: '{ a }', result },
  });
  expect(run.errors).toBeUndefined();
  expect(run.data!.recordRun.result).toEqual(result);
  const saved = await call<{ saveUdat: { payload: unknown } }>(SAVE_UDAT, {
    input: { kind: 'RESULT', name: 'Charts', payload: result },
  });
  expect(saved.errors).toBeUndefined();
  expect(saved.data!.saveUdat.payload).toEqual(result);
});

test('a run whose result carries a loading chart is refused, naming the path, and nothing is stored', async () => {
  const before = await counts();
  const answer = await call(RECORD_RUN, {
    input: {
      kind: 'QUERY',
      title: 'Bait',
      operation: '{ a }',
      result: { data: { cohortSummary: { resultHash: 'sha256:1', chart: hostileChart } } },
    },
  });
  expectRefusedAt(answer, 'input.result.data.cohortSummary.chart.data.url');
  expect(answer.errors![0]!.message).toContain(
    'input.result.data.cohortSummary.chart.layer.0.mark: is an image mark',
  );
  expect(await counts()).toEqual(before);
});

test('saving or updating an artifact with a loading chart is refused, naming the path', async () => {
  const before = await counts();
  const saved = await call(SAVE_UDAT, {
    input: {
      kind: 'RESULT',
      name: 'Bait',
      visibility: 'PUBLIC',
      payload: { resultHash: 'sha256:1', chart: { layer: [productCharts.bar, hostileChart] } },
    },
  });
  expectRefusedAt(saved, 'input.payload.chart.layer.1.data.url');
  expect(await counts()).toEqual(before);

  const own = await call<{ saveUdat: { id: string } }>(SAVE_UDAT, {
    input: { kind: 'RESULT', name: 'Fine', payload: { resultHash: 'sha256:2', chart: productCharts.bar } },
  });
  const updated = await call(UPDATE_UDAT, {
    id: own.data!.saveUdat.id,
    input: {
      payload: {
        resultHash: 'sha256:2',
        chart: { ...productCharts.bar, datasets: { x: { url: 'https://evil.example/' } } },
      },
    },
  });
  expectRefusedAt(updated, 'input.payload.chart.datasets.x.url');
});
