import Database from 'better-sqlite3';
import { createLogger, type RunningProduct } from '@mesh/product-kit';
import {
  createTestSnapshots,
  graphql,
  postRaw,
  productIdentity,
  waitForHealthy,
  type SignedHeaders,
} from '@mesh/testing';
import { startClinical } from '../src';

type Page = {
  patients: {
    totalCount: number;
    nodes: { id: string; age: number; sex: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

describe('clinical product', () => {
  let snapshots: Awaited<ReturnType<typeof createTestSnapshots>>;
  let product: RunningProduct;
  let db: Database.Database;
  /** Identity headers of ada (admin: every scope), signed per request as the gateway would send them. */
  let ada: SignedHeaders;

  beforeAll(async () => {
    ada = await productIdentity('ada');
    snapshots = await createTestSnapshots();
    product = await startClinical({
      databaseFile: snapshots.clinical,
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('clinical', 'silent'),
    });
    await waitForHealthy(`${product.origin}/health`);
    db = new Database(snapshots.clinical, { readonly: true });
  });
  afterAll(async () => {
    db.close();
    await product.close();
    snapshots.remove();
  });

  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  const search = (filter: Record<string, unknown>, first = 50, after?: string) =>
    graphql<Page>(
      product.url,
      `
        query ($filter: PatientFilter, $first: Int, $after: String) {
          patients(filter: $filter, first: $first, after: $after) {
            totalCount
            nodes {
              id
              age
              sex
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      `,
      { filter, first, after },
      ada,
    );

  it('reports its identity, with a content hash of its snapshot', async () => {
    const result = await graphql<{ clinicalProduct: Record<string, string> }>(
      product.url,
      '{ clinicalProduct { name version visibility dataVersion schemaHash license snapshotDate } }',
      undefined,
      ada,
    );
    expect(result.data?.clinicalProduct).toMatchObject({
      name: 'clinical',
      version: '2.0.0',
      visibility: 'private',
      license: 'CC-BY-4.0',
      snapshotDate: '2026-01-01',
      dataVersion: product.identity.dataVersion,
    });
    expect(result.data?.clinicalProduct.dataVersion).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('filters by diagnosis category, matching every subcode', async () => {
    const result = await search({ diagnosis: 'E11' });
    expect(result.data?.patients.totalCount).toBe(
      count(`SELECT count(DISTINCT patient_id) AS n FROM diagnoses WHERE code = 'E11' OR code LIKE 'E11.%'`),
    );
    expect(result.data?.patients.totalCount).toBeGreaterThan(100);
  });

  it('filters by age range (at the snapshot date) and sex', async () => {
    const result = await search({ ageMin: 40, ageMax: 49, sex: 'FEMALE' }, 1000);
    const expected = count(
      `SELECT count(*) AS n FROM patients WHERE sex = 'female' AND birth_date <= '1986-01-01' AND birth_date > '1976-01-01'`,
    );
    expect(result.data?.patients.totalCount).toBe(expected);
    for (const patient of result.data!.patients.nodes) {
      expect(patient.sex).toBe('FEMALE');
      expect(patient.age).toBeGreaterThanOrEqual(40);
      expect(patient.age).toBeLessThanOrEqual(49);
    }
  });

  it('filters by lab thresholds combined with AND', async () => {
    const result = await search({ diagnosis: 'E11', labs: [{ code: '4548-4', min: 8 }] });
    const expected = count(
      `SELECT count(*) AS n FROM patients p WHERE
         EXISTS (SELECT 1 FROM diagnoses d WHERE d.patient_id = p.id AND d.code LIKE 'E11%') AND
         EXISTS (SELECT 1 FROM lab_results l WHERE l.patient_id = p.id AND l.code = '4548-4' AND l.value >= 8)`,
    );
    expect(result.data?.patients.totalCount).toBe(expected);
    expect(expected).toBeGreaterThan(0);
  });

  it('walks every page exactly once, in id order', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let total = 0;
    for (let guard = 0; guard < 20; guard++) {
      const { data } = await search({ diagnosis: 'I10' }, 100, after);
      total = data!.patients.totalCount;
      seen.push(...data!.patients.nodes.map((node) => node.id));
      if (!data!.patients.pageInfo.hasNextPage) break;
      after = data!.patients.pageInfo.endCursor!;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect([...seen].sort()).toEqual(seen);
  });

  it('resolves Patient entities for the gateway, and null for unknown ids', async () => {
    const result = await graphql<{
      _entities: ({ id: string; diagnoses: { code: string; system: string }[] } | null)[];
    }>(
      product.url,
      `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Patient {
              id
              diagnoses {
                code
                system
              }
            }
          }
        }
      `,
      {
        r: [
          { __typename: 'Patient', id: 'PAT-000001' },
          { __typename: 'Patient', id: 'PAT-999999' },
        ],
      },
      ada,
    );
    expect(result.data?._entities[0]?.id).toBe('PAT-000001');
    expect(result.data?._entities[1]).toBeNull();
  });

  it('returns labs newest first, restricted to the asked codes', async () => {
    const result = await graphql<{ patient: { labs: { code: string; date: string; unit: string }[] } }>(
      product.url,
      `
        {
          patient(id: "PAT-000010") {
            labs(codes: ["4548-4", "718-7"], first: 5) {
              code
              date
              unit
            }
          }
        }
      `,
      undefined,
      ada,
    );
    const labs = result.data!.patient.labs;
    expect(labs.length).toBeGreaterThan(0);
    expect(labs.length).toBeLessThanOrEqual(5);
    for (const lab of labs) expect(['4548-4', '718-7']).toContain(lab.code);
    expect(labs.map((lab) => lab.date)).toEqual([...labs.map((lab) => lab.date)].sort().reverse());
  });

  describe('access', () => {
    type One = { patient: { id: string; sex: string; birthYear: number | null } | null };
    const onePatient = (headers?: SignedHeaders) =>
      graphql<One>(product.url, '{ patient(id: "PAT-000001") { id sex birthYear } }', undefined, headers);
    const stored = () =>
      Number(
        (
          db.prepare('SELECT birth_date FROM patients WHERE id = ?').get('PAT-000001') as {
            birth_date: string;
          }
        ).birth_date.slice(0, 4),
      );

    it('refuses anonymous callers its data with UNAUTHENTICATED', async () => {
      const result = await onePatient();
      expect(result.data?.patient).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.path).toEqual(['patient']);
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        field: 'Query.patient',
      });
    });

    it('withholds birthYear from alice (no clinical:identifiable) with FORBIDDEN, serving the rest', async () => {
      const result = await onePatient(await productIdentity('alice'));
      expect(result.data?.patient).toEqual({ id: 'PAT-000001', sex: expect.any(String), birthYear: null });
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.path).toEqual(['patient', 'birthYear']);
      expect(result.errors![0]!.extensions).toMatchObject({
        code: 'FORBIDDEN',
        field: 'Patient.birthYear',
        requiredScopes: [['clinical:identifiable']],
      });
    });

    it('serves birthYear to ada', async () => {
      const result = await onePatient(ada);
      expect(result.errors).toBeUndefined();
      expect(result.data?.patient).toEqual({
        id: 'PAT-000001',
        sex: expect.any(String),
        birthYear: stored(),
      });
    });

    it('keeps its identity readable anonymously, saying it is private', async () => {
      const result = await graphql<{ clinicalProduct: { name: string; visibility: string } }>(
        product.url,
        '{ clinicalProduct { name visibility } }',
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.clinicalProduct).toEqual({ name: 'clinical', visibility: 'private' });
    });
  });

  describe('bad input gets a stable code and a hint', () => {
    it.each([
      ['a malformed cursor', { filter: {}, after: 'bogus' }, 'MALFORMED_CURSOR', 'pageInfo.endCursor'],
      [
        'first above the maximum',
        { filter: {}, first: 1001 },
        'PAGE_SIZE_OUT_OF_RANGE',
        'between 0 and 1000',
      ],
      ['a negative first', { filter: {}, first: -1 }, 'PAGE_SIZE_OUT_OF_RANGE', 'between 0 and 1000'],
      [
        'a diagnosis that is not ICD-10',
        { filter: { diagnosis: 'diabetes' } },
        'INVALID_FILTER',
        'diagnosisCodes',
      ],
      ['an inverted age range', { filter: { ageMin: 60, ageMax: 30 } }, 'INVALID_FILTER', 'swap them'],
      ['an impossible age', { filter: { ageMin: -5 } }, 'INVALID_FILTER', 'between 0 and 150'],
      [
        'an unknown LOINC code',
        { filter: { labs: [{ code: '4548-5', min: 1 }] } },
        'UNKNOWN_CODE',
        'similar: 4548-4',
      ],
      [
        'a lab criterion without bounds',
        { filter: { labs: [{ code: '4548-4' }] } },
        'INVALID_FILTER',
        'needs min, max',
      ],
    ])('%s', async (_, variables, reason, hint) => {
      const result = await graphql(
        product.url,
        `
          query ($filter: PatientFilter, $first: Int, $after: String) {
            patients(filter: $filter, first: $first, after: $after) {
              totalCount
            }
          }
        `,
        variables,
        ada,
      );
      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      expect(result.errors?.[0]?.message).toContain(hint);
    });

    it('a wrongly typed variable is a 400 validation error', async () => {
      const result = await search({ ageMin: 'old' });
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('invalid JSON is a 400 with BAD_REQUEST, and the service keeps serving', async () => {
      const response = await postRaw(product.url, '{"query": ');
      expect(response.status).toBe(400);
      expect(response.json?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect((await search({})).status).toBe(200);
    });

    it('a body over the limit (16 MiB for products) is a 413 with PAYLOAD_TOO_LARGE', async () => {
      const response = await postRaw(
        product.url,
        JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(17 * 1_048_576) }),
      );
      expect(response.status).toBe(413);
      expect(response.json?.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      expect((await search({})).status).toBe(200);
    });
  });

  it('serves readiness with its identity', async () => {
    const response = await fetch(`${product.origin}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ready',
      name: 'clinical',
      dataVersion: product.identity.dataVersion,
    });
  });
});
