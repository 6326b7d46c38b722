import { createLogger } from '@mesh/product-kit';
import { graphql, postRaw, startLocalMesh, type LocalMesh } from '@mesh/testing';
import { request } from 'undici';
import { startGateway, type RunningGateway } from '../src/server';

/*
 * A corpus of bad requests against a real gateway over real products: each is refused with a 4xx or a
 * GraphQL error carrying a stable code, and the gateway keeps serving afterwards.
 */
const silent = createLogger('test', process.env.MESH_TEST_LOG_LEVEL ?? 'silent');

function deepQuery(levels: number): string {
  // patients → nodes → samples → patient → samples → patient → …: a legal but ever deeper cycle.
  let inner = 'id';
  for (let i = 0; i < levels; i += 1) inner = i % 2 === 0 ? `samples { ${inner} }` : `patient { ${inner} }`;
  return `{ patients(first: 1) { nodes { ${inner} } } }`;
}

async function getGraphQL(url: string, search: Record<string, string>) {
  const response = await request(`${url}?${new URLSearchParams(search)}`, {
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
  });
  const body = (await response.body.json()) as {
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return { status: response.statusCode, ...body };
}

describe('gateway protection', () => {
  let mesh: LocalMesh;
  beforeAll(async () => {
    mesh = await startLocalMesh();
  });
  afterAll(() => mesh.close());

  afterEach(async () => {
    // Whatever came before, the gateway still answers.
    const ok = await graphql(mesh.gateway.url, '{ clinicalProduct { name } }');
    expect(ok.data).toEqual({ clinicalProduct: { name: 'clinical' } });
  });

  const cases: [
    string,
    () => Promise<{ status: number; errors?: { message: string; extensions?: Record<string, unknown> }[] }>,
    number,
    string,
    RegExp,
  ][] = [
    [
      'a query deeper than MAX_QUERY_DEPTH',
      () => graphql(mesh.gateway.url, deepQuery(20)),
      400,
      'QUERY_TOO_DEEP',
      /allows 15 \(MAX_QUERY_DEPTH\)/,
    ],
    [
      'an alias bomb',
      () =>
        graphql(
          mesh.gateway.url,
          `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: clinicalProduct { name }`).join(' ')} }`,
        ),
      400,
      'TOO_MANY_ALIASES',
      /50 aliases; the gateway allows 30 \(MAX_ALIASES\)/,
    ],
    [
      'too many directives on one field',
      () => graphql(mesh.gateway.url, `{ clinicalProduct ${'@include(if: true) '.repeat(6)}{ name } }`),
      400,
      'TOO_MANY_DIRECTIVES',
      /6 directives; the gateway allows 5/,
    ],
    [
      'a fragment cycle',
      () =>
        graphql(
          mesh.gateway.url,
          'query { ...A } fragment A on Query { clinicalProduct { name } ...B } fragment B on Query { ...A }',
        ),
      400,
      'GRAPHQL_VALIDATION_FAILED',
      /Cannot spread fragment "A" within itself/,
    ],
    [
      'a huge document (tokens)',
      () => graphql(mesh.gateway.url, `{ clinicalProduct { ${'name '.repeat(12_000)} } }`),
      400,
      'TOO_MANY_TOKENS',
      /more than 10000 tokens \(MAX_TOKENS\)/,
    ],
    [
      'a query above MAX_QUERY_COST (page sizes from variables)',
      () =>
        graphql(
          mesh.gateway.url,
          'query Big($n: Int!) { patients(first: $n) { nodes { id labs(first: 1000) { value unit } } } }',
          { n: 1000 },
        ),
      400,
      'QUERY_TOO_COMPLEX',
      /limit of 1000000 \(MAX_QUERY_COST/,
    ],
    [
      'a variable of the wrong type',
      () => graphql(mesh.gateway.url, 'query($n: Int!) { patients(first: $n) { totalCount } }', { n: 'ten' }),
      400,
      'BAD_USER_INPUT',
      /\$n/,
    ],
    [
      'a mutation over GET',
      () => getGraphQL(mesh.gateway.url, { query: 'mutation { clinicalProduct { name } }' }),
      405,
      'BAD_REQUEST',
      /GET requests only support query operations/,
    ],
    [
      'an unknown operation name',
      () =>
        postRaw(
          mesh.gateway.url,
          JSON.stringify({ query: 'query A { clinicalProduct { name } }', operationName: 'B' }),
        ).then((r) => ({
          status: r.status,
          ...r.json,
        })),
      400,
      'OPERATION_RESOLUTION_FAILURE',
      /Unknown operation named "B"/,
    ],
    [
      'a batch (JSON array) while batching is off',
      () =>
        postRaw(mesh.gateway.url, JSON.stringify([{ query: '{ clinicalProduct { name } }' }])).then((r) => ({
          status: r.status,
          ...r.json,
        })),
      400,
      'BATCHING_NOT_ALLOWED',
      /BATCHING=false/,
    ],
    [
      'invalid JSON',
      () =>
        postRaw(mesh.gateway.url, '{"query": "{ clinicalProduct').then((r) => ({
          status: r.status,
          ...r.json,
        })),
      400,
      'BAD_REQUEST',
      /not valid JSON/,
    ],
    [
      'a wrong content type',
      () =>
        postRaw(mesh.gateway.url, '{ clinicalProduct { name } }', 'text/plain').then((r) => ({
          status: r.status,
          ...r.json,
        })),
      400,
      'BAD_REQUEST',
      /./,
    ],
  ];

  it.each(cases)('refuses %s', async (_, send, status, code, message) => {
    const result = await send();
    expect(result.status).toBe(status);
    const error = result.errors?.find((e) => e.extensions?.code === code);
    expect(error?.message).toMatch(message);
  });

  it('counts page sizes from literals, variables and defaults, and lets ordinary queries through', async () => {
    const result = await graphql(
      mesh.gateway.url,
      'query Labs($n: Int!) { patients(first: $n) { nodes { id labs { value unit date } } } }',
      {
        n: 1000,
      },
      mesh.as.ada, // clinical is private: signed in, so the query runs through to the product
    );
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
  });

  describe('with batching on and introspection off', () => {
    let gateway: RunningGateway;
    beforeAll(async () => {
      gateway = await startGateway({
        port: 0,
        host: '127.0.0.1',
        subgraphs: [
          { name: 'clinical', url: mesh.clinical.url },
          { name: 'genomics', url: mesh.genomics.url },
        ],
        limits: { batching: true, maxBatchSize: 2, introspection: false },
        logger: silent,
      });
    });
    afterAll(() => gateway.close());

    it('answers a batch up to MAX_BATCH_SIZE and refuses a larger one', async () => {
      const op = { query: '{ clinicalProduct { name } }' };
      const two = await postRaw(gateway.url, JSON.stringify([op, op]));
      expect(two.status).toBe(200);
      expect(JSON.parse(two.text)).toEqual([
        expect.objectContaining({ data: { clinicalProduct: { name: 'clinical' } } }),
        expect.objectContaining({ data: { clinicalProduct: { name: 'clinical' } } }),
      ]);
      const three = await postRaw(gateway.url, JSON.stringify([op, op, op]));
      expect(three.status).toBe(400);
      expect(three.json?.errors?.[0]?.extensions?.code).toBe('BATCH_TOO_LARGE');
      expect(three.json?.errors?.[0]?.message).toMatch(
        /3 operations; the gateway allows 2 \(MAX_BATCH_SIZE\)/,
      );
    });

    it('refuses introspection with INTROSPECTION_DISABLED, and still serves data', async () => {
      const result = await graphql(gateway.url, '{ __schema { queryType { name } } }');
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
      expect(result.errors?.[0]?.message).toMatch(/INTROSPECTION=false/);
      const data = await graphql(gateway.url, '{ clinicalProduct { name } }');
      expect(data.data).toEqual({ clinicalProduct: { name: 'clinical' } });
    });
  });
});
