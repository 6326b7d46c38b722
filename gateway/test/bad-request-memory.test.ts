import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import { startLocalMesh, type LocalMesh } from '@mesh/testing';

/*
 * The bad-request corpus, sent many times: every case gets a 4xx or a GraphQL error with a stable code,
 * the gateway keeps serving, and its heap does not grow with the number of bad requests (nothing about a
 * refused request is kept: no plan, no cache entry, no per-request state).
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const deep = `{ ${'patients(first: 1) { nodes { samples { patient { '.repeat(12)} id ${'} } } }'.repeat(12)} }`;
const aliases = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: clinicalProduct { name }`).join(' ')} }`;
const CORPUS: { name: string; method?: string; path?: string; contentType?: string; body?: string }[] = [
  { name: 'invalid JSON', body: '{"query": "{ patients' },
  { name: 'wrong content type', contentType: 'text/plain', body: '{ patients { totalCount } }' },
  {
    name: 'huge query',
    body: JSON.stringify({ query: `{ ${'clinicalProduct { name } '.repeat(20_000)} }` }),
  },
  { name: 'deeply nested', body: JSON.stringify({ query: deep }) },
  { name: 'alias bomb', body: JSON.stringify({ query: aliases }) },
  {
    name: 'fragment cycle',
    body: JSON.stringify({ query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }),
  },
  {
    name: 'wrong variable type',
    body: JSON.stringify({
      query: 'query ($n: Int) { patients(first: $n) { totalCount } }',
      variables: { n: 'x' },
    }),
  },
  {
    name: 'mutation over GET',
    method: 'GET',
    path: `/graphql?query=${encodeURIComponent('mutation { noSuchMutation }')}`,
  },
  {
    name: 'unknown operation name',
    body: JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }),
  },
  { name: 'unknown field', body: JSON.stringify({ query: '{ patientz { id } }' }) },
  {
    name: 'body over the limit',
    body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(1_200_000) }),
  },
  { name: 'bad token', body: JSON.stringify({ query: '{ __typename }' }), contentType: 'application/json' },
];

describe('bad-request corpus', () => {
  let mesh: LocalMesh;
  beforeAll(async () => {
    mesh = await startLocalMesh();
  }, 120_000);
  afterAll(() => mesh?.close());

  async function send(item: (typeof CORPUS)[number]) {
    const response = await request(`${mesh.gateway.origin}${item.path ?? '/graphql'}`, {
      method: (item.method ?? 'POST') as 'POST',
      headers: {
        ...(item.method === 'GET'
          ? { 'apollo-require-preflight': 'true' }
          : { 'content-type': item.contentType ?? 'application/json' }),
        ...(item.name === 'bad token' ? { authorization: 'Bearer not-a-token' } : {}),
      },
      body: item.method === 'GET' ? undefined : item.body,
    });
    const text = await response.body.text();
    return { status: response.statusCode, text };
  }

  it.each(CORPUS.map((item) => [item.name, item] as const))(
    '%s → a 4xx with a clear coded error',
    async (_name, item) => {
      const { status, text } = await send(item);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      const body = JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.message.length).toBeGreaterThan(10);
      expect(body.errors?.[0]?.extensions?.code).toMatch(/^[A-Z_]+$/);
    },
  );

  it('keeps its heap bounded over 40 rounds of the corpus, and keeps serving', async () => {
    const round = () => Promise.all(CORPUS.map((item) => send(item)));
    for (let i = 0; i < 5; i++) await round(); // warm up: lazy initialisation, JIT, pools
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 40; i++) await round();
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    // 480 refused requests, several of them around 1 MB: anything kept per request would show far above this.
    expect(growth).toBeLessThan(16 * 1_048_576);
    const ok = await request(`${mesh.gateway.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...mesh.as.alice },
      body: JSON.stringify({ query: '{ patients(first: 1) { totalCount } }' }),
    });
    expect(ok.statusCode).toBe(200);
  }, 120_000);
});
