import { request } from 'undici';
import {
  asUser,
  demoCaller,
  graphql,
  productIdentity,
  startLocalMesh,
  type GraphQLResponse,
  type LocalMesh,
} from '@mesh/testing';

/**
 * The authorization matrix: every demo role × protected fields of three products × the three ways in
 * (gateway, direct product call with the identity the gateway would sign, export). The expectations are
 * written out by hand from the access model in docs/ARCHITECTURE.md, not derived from the code under test.
 */

type Who = 'anonymous' | 'alice' | 'carol' | 'gene' | 'ada';
const WHO: Who[] = ['anonymous', 'alice', 'carol', 'gene', 'ada'];

interface Case {
  name: string;
  product: 'clinical' | 'genomics' | 'trials';
  /** The field whose access is under test, as Type.field. */
  coordinate: string;
  /** Query through the gateway; `pick` finds the field's value in the answer. */
  query: string;
  pick(data: Record<string, unknown> | null | undefined): unknown;
  /** The same field asked directly of its product. */
  direct: {
    query: string;
    variables?: Record<string, unknown>;
    pick(data: Record<string, unknown> | null | undefined): unknown;
  };
  /** Export of a list containing the field: GraphQL query and the list's path. */
  exportQuery: { query: string; path: string };
  allowed: Record<Who, boolean>;
  /** Where a caller without the product's read scope is stopped first (the query's entry field). */
  entry?: string;
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : undefined);
const get = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (current, key) => (current as Record<string, unknown> | null | undefined)?.[key],
    value,
  );

const CASES: Case[] = [
  {
    name: 'clinical patients (private product)',
    product: 'clinical',
    coordinate: 'Query.patients',
    query: '{ patients(first: 3) { totalCount nodes { id } } }',
    pick: (data) => get(data, 'patients', 'totalCount'),
    direct: {
      query: '{ patients(first: 3) { totalCount } }',
      pick: (data) => get(data, 'patients', 'totalCount'),
    },
    exportQuery: { query: '{ patients(first: 20) { nodes { id sex } } }', path: 'patients.nodes' },
    allowed: { anonymous: false, alice: true, carol: true, gene: true, ada: true },
  },
  {
    name: 'identifying field (clinical:identifiable)',
    product: 'clinical',
    coordinate: 'Patient.birthYear',
    query: '{ patients(first: 3) { nodes { id birthYear } } }',
    pick: (data) => get(first(get(data, 'patients', 'nodes')), 'birthYear'),
    direct: {
      query: '{ patients(first: 3) { nodes { id birthYear } } }',
      pick: (data) => get(first(get(data, 'patients', 'nodes')), 'birthYear'),
    },
    exportQuery: { query: '{ patients(first: 20) { nodes { id birthYear } } }', path: 'patients.nodes' },
    allowed: { anonymous: false, alice: false, carol: true, gene: false, ada: true },
    entry: 'Query.patients',
  },
  {
    name: 'genomics genes (private product)',
    product: 'genomics',
    coordinate: 'Query.genes',
    query: '{ genes(first: 2) { nodes { symbol } } }',
    pick: (data) => get(first(get(data, 'genes', 'nodes')), 'symbol'),
    direct: {
      query: '{ genes(first: 2) { nodes { symbol } } }',
      pick: (data) => get(first(get(data, 'genes', 'nodes')), 'symbol'),
    },
    exportQuery: { query: '{ genes(first: 20) { nodes { symbol name } } }', path: 'genes.nodes' },
    allowed: { anonymous: false, alice: true, carol: false, gene: true, ada: true },
  },
  {
    name: 'somatic variants (genomics:variants)',
    product: 'genomics',
    coordinate: 'Sample.variants',
    query: '{ samples(first: 5) { nodes { id variants { gene { symbol } } } } }',
    pick: (data) => get(first(get(data, 'samples', 'nodes')), 'variants'),
    direct: {
      query: '{ samples(first: 5) { nodes { id variants { gene { symbol } } } } }',
      pick: (data) => get(first(get(data, 'samples', 'nodes')), 'variants'),
    },
    exportQuery: {
      query: '{ samples(first: 20) { nodes { id variants { gene { symbol } } } } }',
      path: 'samples.nodes',
    },
    allowed: { anonymous: false, alice: false, carol: false, gene: true, ada: true },
    entry: 'Query.samples',
  },
  {
    name: 'genomics field on a clinical patient (cross-product, _entities)',
    product: 'genomics',
    coordinate: 'Patient.samples',
    query: '{ patients(first: 3) { nodes { id samples { id } } } }',
    pick: (data) => get(first(get(data, 'patients', 'nodes')), 'samples'),
    direct: {
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { samples { id } } } }',
      variables: { r: [{ __typename: 'Patient', id: 'PAT-000001' }] },
      pick: (data) => get(first(get(data, '_entities')), 'samples'),
    },
    exportQuery: { query: '{ patients(first: 20) { nodes { id samples { id } } } }', path: 'patients.nodes' },
    allowed: { anonymous: false, alice: true, carol: false, gene: true, ada: true },
    entry: 'Query.patients',
  },
  {
    name: 'trials (private product)',
    product: 'trials',
    coordinate: 'Query.trials',
    query: '{ trials { id } }',
    pick: (data) => get(first(get(data, 'trials')), 'id'),
    direct: { query: '{ trials { id } }', pick: (data) => get(first(get(data, 'trials')), 'id') },
    exportQuery: { query: '{ trials { id title } }', path: 'trials' },
    allowed: { anonymous: false, alice: true, carol: true, gene: false, ada: true },
  },
];

let mesh: LocalMesh;
const headers: Record<Who, Record<string, string>> = {} as never;

beforeAll(async () => {
  mesh = await startLocalMesh({ auth: { introspection: { roles: ['admin', 'analyst'] } } });
  for (const who of WHO) headers[who] = who === 'anonymous' ? {} : await asUser(who);
}, 120_000);

afterAll(async () => {
  await mesh?.close();
});

function deniedCode(who: Who) {
  return who === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
}

/**
 * The denied field's value must be absent (null) and an error must name it, or the query's entry field
 * when the caller may not even read that (then nothing below it is asked for).
 */
function expectDenied(answer: GraphQLResponse, value: unknown, who: Who, testCase: Case) {
  expect(value ?? null).toBeNull();
  const named = [testCase.coordinate, ...(testCase.entry ? [testCase.entry] : [])];
  const error = answer.errors?.find((candidate) => named.includes(candidate.extensions?.field as string));
  expect(error?.extensions?.code).toBe(deniedCode(who));
  expect(named.some((coordinate) => error?.message.includes(coordinate))).toBe(true);
}

describe.each(CASES)('$name', (testCase) => {
  it.each(WHO)('through the gateway, as %s', async (who) => {
    const answer = await graphql(mesh.gateway.url, testCase.query, {}, headers[who]);
    expect(answer.status).toBe(200);
    const value = testCase.pick(answer.data);
    if (testCase.allowed[who]) {
      expect(answer.errors).toBeUndefined();
      expect(value).not.toBeNull();
      expect(value).not.toBeUndefined();
    } else {
      expectDenied(answer, value, who, testCase);
    }
  });

  it.each(WHO)('calling the product directly, as %s', async (who) => {
    const product = mesh[testCase.product];
    const identity = who === 'anonymous' ? {} : await productIdentity(who);
    const answer = await graphql(product.url, testCase.direct.query, testCase.direct.variables, identity);
    const value = testCase.direct.pick(answer.data);
    if (testCase.allowed[who]) {
      expect(answer.errors).toBeUndefined();
      expect(value ?? null).not.toBeNull();
    } else {
      expect(value ?? null).toBeNull();
      expect(answer.errors?.map((error) => error.extensions?.code)).toContain(deniedCode(who));
    }
  });

  it.each(WHO)('exporting as CSV, as %s', async (who) => {
    const response = await request(`${mesh.gateway.origin}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers[who] },
      body: JSON.stringify({
        query: testCase.exportQuery.query,
        path: testCase.exportQuery.path,
        format: 'csv',
      }),
    });
    const text = await response.body.text();
    if (testCase.allowed[who]) {
      expect(response.statusCode).toBe(200);
      expect(text.trim().split('\n').length).toBeGreaterThan(1);
    } else {
      expect(response.statusCode).toBe(who === 'anonymous' ? 401 : 403);
      expect([testCase.coordinate, testCase.entry].some((field) => field && text.includes(field))).toBe(true);
    }
  });
});

describe('the rest of the answer still returns', () => {
  it('an analyst gets patients and expression, and null + FORBIDDEN only for birthYear and variants', async () => {
    const answer = await graphql<{
      patients: {
        nodes: { id: string; sex: string; birthYear: number | null; samples: { variants: unknown }[] }[];
      };
    }>(
      mesh.gateway.url,
      '{ patients(first: 5) { nodes { id sex birthYear samples { id variants { gene { symbol } } } } } }',
      {},
      headers.alice,
    );
    expect(answer.data?.patients.nodes).toHaveLength(5);
    for (const patient of answer.data!.patients.nodes) {
      expect(patient.sex).toMatch(/MALE|FEMALE/);
      expect(patient.birthYear).toBeNull();
      for (const sample of patient.samples) expect(sample.variants).toBeNull();
    }
    expect(answer.errors?.map((error) => [error.extensions?.code, error.extensions?.field]).sort()).toEqual([
      ['FORBIDDEN', 'Patient.birthYear'],
      ['FORBIDDEN', 'Sample.variants'],
    ]);
    expect(
      answer.errors?.find((error) => error.extensions?.field === 'Sample.variants')?.extensions,
    ).toMatchObject({
      responsePath: 'patients.nodes[].samples[].variants',
      requiredScopes: [['genomics:variants']],
    });
  });

  it('a refused field in a fragment, under an alias, is refused the same way', async () => {
    const answer = await graphql<{ list: { nodes: { born: number | null; id: string }[] } }>(
      mesh.gateway.url,
      'query { list: patients(first: 2) { nodes { ...P } } } fragment P on Patient { id born: birthYear }',
      {},
      headers.gene,
    );
    expect(answer.data?.list.nodes.map((node) => node.born)).toEqual([null, null]);
    expect(answer.data?.list.nodes[0]?.id).toMatch(/^PAT-/);
    expect(answer.errors?.[0]?.extensions).toMatchObject({
      field: 'Patient.birthYear',
      responsePath: 'list.nodes[].born',
    });
  });

  it('a refused product is never called: carol asking for samples sends no fetch to genomics', async () => {
    const before = mesh.gateway.stats.subgraphFetches.genomics?.total ?? 0;
    const answer = await graphql(
      mesh.gateway.url,
      '{ patients(first: 3) { nodes { id samples { id } } } }',
      {},
      headers.carol,
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(mesh.gateway.stats.subgraphFetches.genomics?.total ?? 0).toBe(before);
  });

  it('public product metadata stays readable by everyone', async () => {
    const answer = await graphql<{ clinicalProduct: { name: string; visibility: string; apps: unknown[] } }>(
      mesh.gateway.url,
      '{ clinicalProduct { name visibility apps { id } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.clinicalProduct).toMatchObject({ name: 'clinical', visibility: 'private' });
    expect(answer.data?.clinicalProduct.apps.length).toBeGreaterThan(0);
  });

  it('identical concurrent queries from different users are never shared', async () => {
    const query = '{ patients(first: 2) { nodes { id birthYear } } }';
    const [asCarol, asAlice] = await Promise.all([
      graphql<{ patients: { nodes: { birthYear: number | null }[] } }>(
        mesh.gateway.url,
        query,
        {},
        headers.carol,
      ),
      graphql<{ patients: { nodes: { birthYear: number | null }[] } }>(
        mesh.gateway.url,
        query,
        {},
        headers.alice,
      ),
    ]);
    expect(asCarol.data?.patients.nodes[0]?.birthYear).toEqual(expect.any(Number));
    expect(asAlice.data?.patients.nodes[0]?.birthYear).toBeNull();
  });
});

describe('products trust identity only from the gateway', () => {
  it('refuses a forged identity header with 401', async () => {
    // A real header for carol, with her claims rewritten to ada's admin scopes: the signature no longer matches.
    const query = '{ patients(first: 1) { totalCount } }';
    const signed = await (
      await productIdentity('carol')
    )({ url: mesh.clinical.url, body: JSON.stringify({ query, variables: {} }) });
    const [header, payload, signature] = signed['x-mesh-identity']!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, scopes: demoCaller('ada').scopes })).toString(
      'base64url',
    );
    const tampered = [header, forged, signature].join('.');
    const answer = await graphql(mesh.clinical.url, query, {}, { 'x-mesh-identity': tampered });
    expect(answer.status).toBe(401);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('ignores a user JWT sent straight to a product (it is not the gateway identity)', async () => {
    const answer = await graphql(mesh.clinical.url, '{ patients(first: 1) { totalCount } }', {}, headers.ada);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.data?.patients ?? null).toBeNull();
  });

  it('refuses _entities of a private product to an anonymous caller', async () => {
    const answer = await graphql(
      mesh.clinical.url,
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id sex } } }',
      { r: [{ __typename: 'Patient', id: 'PAT-000001' }] },
    );
    expect(answer.data?._entities ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
