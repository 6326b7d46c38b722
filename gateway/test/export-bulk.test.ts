import { join } from 'node:path';
import { SignJWT } from 'jose';
import { request } from 'undici';
import { clinical } from '@mesh/clinical';
import { IDENTITY_HEADER, startProduct, type RunningProduct } from '@mesh/product-kit';
import {
  asUser,
  graphql,
  productIdentity,
  startLocalMesh,
  type LocalMesh,
  type SignedHeaders,
} from '@mesh/testing';
import { startGateway, type RunningGateway } from '../src';
import { testLogger } from './support/products';

/**
 * The bulk path of /export (a product's POST /bulk row stream, piped through the gateway) against the
 * GraphQL path (`bulk=false`): the same bytes for the same query, access enforced at both ends.
 */

interface Answer {
  status: number;
  path: unknown;
  headers: Record<string, unknown>;
  text: string;
}

async function exportAs(
  origin: string,
  params: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Answer> {
  const response = await request(`${origin}/export`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    path: response.headers['x-export-path'],
    headers: response.headers,
    text,
  };
}

const EVERYONE = `query Everyone($first: Int, $after: String) {
  patients(first: $first, after: $after) { nodes { id sex birthYear age } pageInfo { hasNextPage endCursor } }
}`;

/** Queries the bulk path must answer exactly as GraphQL does: name, query, variables, rows expected. */
const SAME_BYTES: [string, string, Record<string, unknown> | undefined, number | null][] = [
  ['every patient, paged', EVERYONE, { first: 300 }, 2000],
  [
    'a filter, aliases, __typename and a fragment, paged',
    `query Women($after: String) {
      women: patients(filter: { sex: FEMALE, ageMin: 40, ageMax: 70 }, first: 75, after: $after) {
        totalCount nodes { pid: id years: age kind: __typename ...More } pageInfo { endCursor hasNextPage }
      }
    } fragment More on Patient { sex }`,
    undefined,
    null,
  ],
  [
    'diagnosis and lab filters in variables',
    `query Diabetic($filter: PatientFilter, $after: String) {
      patients(filter: $filter, first: 1000, after: $after) { nodes { id age } pageInfo { hasNextPage endCursor } }
    }`,
    { filter: { diagnosis: 'E11', labs: [{ code: '4548-4', min: 6.5 }] } },
    null,
  ],
  ['first without paging: one page', '{ patients(first: 25) { nodes { id age sex } } }', undefined, 25],
  [
    'the default page size without paging',
    '{ patients(filter: { ageMin: 60 }) { nodes { id birthYear } } }',
    undefined,
    50,
  ],
];

let mesh: LocalMesh;
let carol: Record<string, string>;

beforeAll(async () => {
  mesh = await startLocalMesh();
  carol = await asUser('carol');
});
afterAll(() => mesh?.close());

describe('bulk path and GraphQL path give the same bytes', () => {
  it.each(SAME_BYTES)('%s', async (_name, query, variables, rows) => {
    for (const format of ['csv', 'ndjson'] as const) {
      const params = { query, variables, format };
      const bulk = await exportAs(mesh.gateway.origin, params, mesh.as.ada);
      const viaGraphQL = await exportAs(mesh.gateway.origin, { ...params, bulk: false }, mesh.as.ada);
      expect([bulk.status, bulk.path, viaGraphQL.status, viaGraphQL.path]).toEqual([
        200,
        'bulk',
        200,
        'graphql',
      ]);
      expect(bulk.text).toBe(viaGraphQL.text);
      for (const header of ['content-type', 'content-disposition', 'cache-control'])
        expect(bulk.headers[header]).toBe(viaGraphQL.headers[header]);
      expect(bulk.headers['x-data-product']).toBe('clinical');
      expect(bulk.headers['x-data-version']).toBe(mesh.clinical.identity.dataVersion);
      const lines = bulk.text.split('\n').filter(Boolean).length - (format === 'csv' ? 1 : 0);
      if (rows !== null) expect(lines).toBe(rows);
      else expect(lines).toBeGreaterThan(1);
    }
  });

  it('starts after the given cursor when paging from a page in the middle', async () => {
    const page = await graphql<{ patients: { pageInfo: { endCursor: string } } }>(
      mesh.gateway.url,
      '{ patients(first: 1000) { pageInfo { endCursor } } }',
      {},
      mesh.as.ada,
    );
    const params = {
      query: EVERYONE,
      variables: { first: 200, after: page.data!.patients.pageInfo.endCursor },
    };
    const bulk = await exportAs(mesh.gateway.origin, params, mesh.as.ada);
    const viaGraphQL = await exportAs(mesh.gateway.origin, { ...params, bulk: 'false' }, mesh.as.ada);
    expect(bulk.path).toBe('bulk');
    expect(bulk.text).toBe(viaGraphQL.text);
    expect(bulk.text.trim().split('\n')).toHaveLength(1001);
  });

  it('answers an invalid filter with the same error as the GraphQL path', async () => {
    const params = { query: '{ patients(filter: { diagnosis: "diabetes" }) { nodes { id } } }' };
    const bulk = await exportAs(mesh.gateway.origin, params, mesh.as.ada);
    const viaGraphQL = await exportAs(mesh.gateway.origin, { ...params, bulk: false }, mesh.as.ada);
    expect(bulk.status).toBe(400);
    expect([bulk.status, JSON.parse(bulk.text)]).toEqual([viaGraphQL.status, JSON.parse(viaGraphQL.text)]);
  });

  it.each([
    ['a list of objects', '{ patients(first: 30) { nodes { id diagnoses { code } } } }', undefined, 'csv'],
    [
      'a field of another product',
      '{ patients(first: 30) { nodes { id samples { id } } } }',
      undefined,
      'csv',
    ],
    [
      'a nested list exploded',
      '{ patients(first: 30) { nodes { id diagnoses { code } } } }',
      'diagnoses',
      'csv',
    ],
    ['a root field without a row stream', '{ labTests { code unit } }', undefined, 'csv'],
    ['arrow', '{ patients(first: 30) { nodes { id } } }', undefined, 'arrow'],
  ])('takes the GraphQL path for %s', async (_name, query, explode, format) => {
    const answer = await exportAs(mesh.gateway.origin, { query, explode, format }, mesh.as.ada);
    expect([answer.status, answer.path]).toEqual([200, 'graphql']);
  });
});

describe('access at both ends', () => {
  const BIRTH_YEARS = '{ patients(first: 20) { nodes { id birthYear } } }';

  it('a caller without clinical:identifiable gets the GraphQL path’s refusal for birthYear, no values', async () => {
    const alice = await exportAs(mesh.gateway.origin, { query: BIRTH_YEARS }, mesh.as.alice);
    const viaGraphQL = await exportAs(
      mesh.gateway.origin,
      { query: BIRTH_YEARS, bulk: false },
      mesh.as.alice,
    );
    expect(alice.status).toBe(403);
    expect(alice.text).toBe(viaGraphQL.text);
    expect(alice.text).toContain('Patient.birthYear');
    expect(alice.text).not.toMatch(/PAT-\d+/);
  });

  it('a caller with the scope gets the birth years through the bulk path', async () => {
    const answer = await exportAs(mesh.gateway.origin, { query: BIRTH_YEARS }, carol);
    expect([answer.status, answer.path]).toEqual([200, 'bulk']);
    expect(answer.text.split('\r\n')[1]).toMatch(/^PAT-\d+,\d{4}$/);
  });

  const direct = async (headers: Record<string, string> | SignedHeaders, query = BIRTH_YEARS) => {
    const url = `${mesh.clinical.origin}/bulk`;
    const payload = JSON.stringify({
      query,
      listPath: ['patients', 'nodes'],
      columns: [{ name: 'id', path: ['id'] }],
      format: 'csv',
      all: false,
    });
    const extra = typeof headers === 'function' ? await headers({ url, body: payload }) : headers;
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...extra },
      body: payload,
    });
    const body = (await response.body.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    return {
      status: response.statusCode,
      code: body.errors[0]!.extensions.code,
      message: body.errors[0]!.message,
    };
  };

  it('clinical’s /bulk refuses a direct call without an identity (401)', async () => {
    expect(await direct({})).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('clinical’s /bulk refuses an identity without the scope for birthYear (403, naming the field)', async () => {
    const refused = await direct(await productIdentity('alice'));
    expect(refused).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(refused.message).toContain('Patient.birthYear');
  });

  it('clinical’s /bulk refuses a forged identity (401)', async () => {
    const forged = await new SignJWT({ kind: 'user', roles: ['admin'], scopes: ['clinical:read'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('mesh-gateway')
      .setAudience('mesh-products')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('not-the-mesh-secret'));
    expect(await direct({ [IDENTITY_HEADER]: forged })).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('clinical’s /bulk answers a selection it cannot stream with 422 BULK_NOT_SUPPORTED', async () => {
    const answer = await direct(
      await productIdentity('ada'),
      '{ patients { nodes { id diagnoses { code } } } }',
    );
    expect(answer).toMatchObject({ status: 422, code: 'BULK_NOT_SUPPORTED' });
    expect(answer.message).toContain('Patient.diagnoses');
  });
});

describe('a row stream that lacks a selected leaf', () => {
  let reduced: RunningProduct;
  let gateway: RunningGateway;

  beforeAll(async () => {
    // clinical without `age` in its row stream: the product answers 422, the gateway falls back.
    const { age: _age, ...fields } = clinical.definition.rowStreams!.patients!.fields;
    reduced = await startProduct(
      {
        ...clinical.definition,
        rowStreams: { patients: { ...clinical.definition.rowStreams!.patients!, fields } },
      },
      {
        databaseFile: join(mesh.dataDir, 'clinical.sqlite'),
        port: 0,
        host: '127.0.0.1',
        logger: testLogger('clinical'),
      },
    );
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [{ name: 'clinical', url: reduced.url }],
      logger: testLogger('gateway'),
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await reduced?.close();
  });

  it('falls back to GraphQL with the same answer', async () => {
    const params = { query: EVERYONE, variables: { first: 500 } };
    const fallback = await exportAs(gateway.origin, params, mesh.as.ada);
    const viaGraphQL = await exportAs(gateway.origin, { ...params, bulk: false }, mesh.as.ada);
    expect([fallback.status, fallback.path]).toEqual([200, 'graphql']);
    expect(fallback.text).toBe(viaGraphQL.text);
    expect(reduced.stats.bulk.started).toBe(0);
    const withoutAge = await exportAs(
      gateway.origin,
      { query: '{ patients(first: 5) { nodes { id sex } } }' },
      mesh.as.ada,
    );
    expect(withoutAge.path).toBe('bulk');
  });
});
