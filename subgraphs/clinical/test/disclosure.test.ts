import { createLogger, type RunningProduct } from '@mesh/product-kit';
import {
  createTestSnapshots,
  graphql,
  productIdentity,
  waitForHealthy,
  type SignedHeaders,
} from '@mesh/testing';
import { startClinical } from '../src';

interface App {
  name: string;
  input: 'ONE_GROUP' | 'TWO_GROUPS';
  field: string;
  parameters: { name: string; kind: string; allowedValues: { value: string }[] | null }[];
}
interface Result {
  computable: boolean;
  table: { columns: { name: string; type: string }[]; rows: unknown[][] };
  statistics: { groups: { group: string; n: number }[] } | null;
  chart: { data?: { values?: Record<string, unknown>[] } } | null;
  disclosure: { mode: string; minCellSize: number; suppressedCells: number };
}

/** Small cohorts and sparse categories: where small cells appear. */
const COHORTS = [
  {},
  { diagnosis: 'E11' },
  { diagnosis: 'C50' },
  { diagnosis: 'I21', sex: 'FEMALE' },
  { ageMin: 85 },
  { diagnosis: 'E11', ageMin: 80 },
];

/** Every way a hidden cell could be pinned down from a total: one hidden cell, or hidden cells all 1. */
function assertNotRecoverable(counts: (number | null)[], total: number | null, k: number, where: string) {
  const hidden = counts.filter((value) => value === null).length;
  for (const value of counts)
    if (value !== null && value > 0 && value < k) throw new Error(`${where}: cell ${value} < ${k}`);
  if (total === null || hidden === 0) return;
  const remainder = total - counts.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  // The remainder spreads over the hidden cells, each at least 1: it pins one down only when it is alone
  // or when every hidden cell must be 1.
  if (hidden === 1 || remainder === hidden) throw new Error(`${where}: a hidden cell is recoverable`);
}

function checkResult(result: Result, k: number, where: string) {
  expect(result.disclosure).toMatchObject({ mode: 'AGGREGATE', minCellSize: k });
  for (const group of result.statistics?.groups ?? []) expect(group.n).toBeGreaterThanOrEqual(k);
  const columns = result.table.columns.map((c) => c.name);
  const n = columns.indexOf('n');
  const category = columns.indexOf('category');
  for (const row of result.table.rows) {
    if (n >= 0 && row[n] !== null) expect(row[n] === 0 || (row[n] as number) >= k).toBe(true);
    if (n >= 0 && row[n] === null)
      row.forEach((value, i) => {
        if (['NUMBER', 'INTEGER'].includes(result.table.columns[i]!.type)) expect(value).toBeNull();
      });
  }
  // Totals: the categories of one variable (one group) add up to the group size.
  if (category >= 0 && result.statistics) {
    const sets = new Map<string, (number | null)[]>();
    for (const row of result.table.rows) {
      if (row[category] === null) continue;
      const key = JSON.stringify(
        row.filter((_, i) => i !== category && result.table.columns[i]!.type === 'STRING'),
      );
      sets.set(key, [...(sets.get(key) ?? []), row[n] as number | null]);
    }
    for (const [key, counts] of sets) {
      const group =
        result.statistics.groups.find((g) => key.includes(JSON.stringify(g.group))) ??
        result.statistics.groups[0];
      assertNotRecoverable(counts, group?.n ?? null, k, `${where} ${key}`);
    }
  }
  // Charts: aggregates only. No per-individual fields; count marks at least k or suppressed.
  const marks = result.chart?.data?.values ?? [];
  for (const mark of marks) {
    expect(Object.keys(mark)).not.toEqual(expect.arrayContaining(['x', 'y']));
    if (mark.suppressed) expect(mark.value ?? mark.median ?? null).toBeNull();
  }
  if (result.chart && columns.includes('category') && !columns.includes('group')) {
    const counts = marks.map((mark) => (mark.suppressed ? null : (mark.value as number)));
    assertNotRecoverable(counts, result.statistics?.groups[0]?.n ?? null, k, `${where} chart`);
  }
  if (marks.some((mark) => 'value' in mark && !('category' in mark)))
    throw new Error(`${where}: per-sample points`);
}

describe.each([5, 11])('clinical disclosure control at k = %i', (k) => {
  let snapshots: Awaited<ReturnType<typeof createTestSnapshots>>;
  let product: RunningProduct;
  let dora: SignedHeaders;
  let alice: SignedHeaders;

  beforeAll(async () => {
    [dora, alice] = await Promise.all([productIdentity('dora'), productIdentity('alice')]);
    snapshots = await createTestSnapshots();
    product = await startClinical({
      databaseFile: snapshots.clinical,
      port: 0,
      host: '127.0.0.1',
      minCellSize: k === 5 ? undefined : k,
      logger: createLogger('clinical', 'silent'),
    });
    await waitForHealthy(`${product.origin}/health`);
  });
  afterAll(async () => {
    await product.close();
    snapshots.remove();
  });

  it('runs every app for an aggregate-only caller and shows no cell below k', async () => {
    const apps = (
      await graphql<{ clinicalProduct: { apps: App[] } }>(
        product.url,
        '{ clinicalProduct { apps { name input field parameters { name kind allowedValues { value } } } } }',
      )
    ).data!.clinicalProduct.apps;
    expect(apps.length).toBeGreaterThan(0);
    let checked = 0;
    let suppressed = 0;
    for (const app of apps) {
      const variables =
        app.parameters.find((p) => p.kind === 'VARIABLE')?.allowedValues?.map((v) => v.value) ?? [];
      const argumentSets: Record<string, unknown>[] =
        app.name === 'correlation'
          ? [{ x: 'age', y: 'lab:4548-4' }]
          : app.name === 'cohortSummary'
            ? [{}]
            : variables.map((variable) => ({ variable }));
      for (const args of argumentSets) {
        const pairs =
          app.input === 'TWO_GROUPS'
            ? COHORTS.slice(1).map((a) => [a, COHORTS[0]!])
            : COHORTS.map((a) => [a]);
        for (const groups of pairs) {
          const argText = Object.entries(args)
            .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
            .join(', ');
          const selection = `${app.field}${argText ? `(${argText})` : ''} { computable table { columns { name type } rows } statistics { groups { group n } } chart disclosure { mode minCellSize suppressedCells } }`;
          const query =
            app.input === 'TWO_GROUPS'
              ? `query($a: CohortCriteria!, $b: CohortCriteria!) { compareCohorts(a: $a, b: $b) { ${selection} } }`
              : `query($a: CohortCriteria!) { cohort(criteria: $a) { ${selection} } }`;
          const response = await graphql<Record<string, Record<string, Result>>>(
            product.url,
            query,
            { a: groups[0], b: groups[1] },
            dora,
          );
          if (response.errors?.some((e) => e.extensions?.code === 'BAD_USER_INPUT')) continue;
          expect(response.errors).toBeUndefined();
          const result = Object.values(response.data!)[0]![app.field]!;
          checkResult(result, k, `${app.name} ${JSON.stringify(args)} ${JSON.stringify(groups)}`);
          checked += 1;
          suppressed += result.disclosure.suppressedCells;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(suppressed).toBeGreaterThan(0);
  });

  it('gives row-level callers the result as before, marked ROW_LEVEL', async () => {
    const query =
      '{ cohort(criteria: { diagnosis: "E11" }) { correlation(x: "age", y: "lab:4548-4") { chart disclosure { mode } } } }';
    const response = await graphql<{ cohort: { correlation: Result } }>(product.url, query, undefined, alice);
    expect(response.data!.cohort.correlation.disclosure.mode).toBe('ROW_LEVEL');
    expect(response.data!.cohort.correlation.chart!.data!.values!.length).toBeGreaterThan(k);
  });

  it.each([
    '{ patient(id: "PAT-000001") { id } }',
    '{ patients { nodes { id } } }',
    '{ cohort(criteria: {}) { patientsPage: patients { nodes { id } } } }',
    '{ diagnosisCodes { code patientCount } }',
  ])('refuses row-level fields to an aggregate-only caller: %s', async (query) => {
    const response = await graphql(product.url, query, undefined, dora);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(response.errors?.[0]?.message).toMatch(/requires scope clinical:read/);
  });

  it('still answers counts to an aggregate-only caller', async () => {
    const response = await graphql<{ patients: { totalCount: number } }>(
      product.url,
      '{ patients(filter: { diagnosis: "E11" }) { totalCount } }',
      undefined,
      dora,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.patients.totalCount).toBeGreaterThan(0);
  });

  it('suppresses counts from 1 to k-1 for an aggregate-only caller, never for a row-level one', async () => {
    const ids = (
      await graphql<{ patients: { nodes: { id: string }[] } }>(
        product.url,
        '{ patients(first: 2) { nodes { id } } }',
        undefined,
        alice,
      )
    ).data!.patients.nodes.map((node) => node.id);
    const query =
      'query($ids: [ID!]!) { cohort(criteria: { patientIds: $ids }) { size patients { totalCount } } }';
    const rowLevel = await graphql<{ cohort: { size: number; patients: { totalCount: number } } }>(
      product.url,
      query,
      { ids },
      alice,
    );
    expect(rowLevel.errors).toBeUndefined();
    expect(rowLevel.data!.cohort).toEqual({ size: 2, patients: { totalCount: 2 } });
    const aggregate = await graphql(product.url, query, { ids }, dora);
    expect(aggregate.errors?.length).toBeGreaterThan(0);
    expect(aggregate.errors!.every((e) => e.extensions?.code === 'SUPPRESSED')).toBe(true);
    expect(aggregate.errors![0]!.message).toMatch(new RegExp(`fewer than ${k} individuals`));
    expect(JSON.stringify(aggregate.data ?? null)).not.toMatch(/:2\b/);
  });

  it('never echoes a suppressed cohort size in an app error (the privacy floor says "fewer than", not how many)', async () => {
    const ids = (
      await graphql<{ patients: { nodes: { id: string }[] } }>(
        product.url,
        '{ patients(first: 3) { nodes { id } } }',
        undefined,
        alice,
      )
    ).data!.patients.nodes.map((node) => node.id);
    const response = await graphql(
      product.url,
      'query($ids: [ID!]!) { cohort(criteria: { patientIds: $ids }) { summary { computable } } }',
      { ids },
      dora,
    );
    const error = response.errors?.[0];
    expect(error?.extensions?.reason).toBe('COHORT_TOO_SMALL');
    expect(error?.message).not.toMatch(/\b3\b/);
    expect(error?.extensions).not.toHaveProperty('size');
  });
});
