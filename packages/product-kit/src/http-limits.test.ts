import { connect } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { request } from 'undici';
import { createLogger } from './logger';
import { startHttpService, type RunningHttpService } from './http';
import { jsonTooDeep } from './json-depth';

/** Opens a raw connection, sends `text` and never more; resolves with how long the server kept it open. */
function holdOpen(origin: string, text: string): Promise<{ ms: number; answer: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.write(text));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ ms: performance.now() - started, answer }));
  });
}

describe('socket timeouts of every service', () => {
  let service: RunningHttpService;
  let apollo: ApolloServer;
  beforeAll(async () => {
    apollo = new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: {} });
    await apollo.start();
    service = await startHttpService({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('http-test', 'silent'),
      maxBodyBytes: 1024,
      timeouts: { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, keepAliveTimeoutMs: 500 },
      graphql: { path: '/graphql', server: apollo, context: async () => ({}) },
    });
  });
  afterAll(async () => {
    await service.close();
    await apollo.stop();
  });

  it('closes a connection whose headers never complete, within the headers timeout', async () => {
    const { ms, answer } = await holdOpen(service.origin, 'POST /graphql HTTP/1.1\r\nHost: x\r\n');
    expect(ms).toBeGreaterThan(900);
    expect(ms).toBeLessThan(2_500);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose body never completes, within the request timeout', async () => {
    const { ms } = await holdOpen(
      service.origin,
      'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"qu',
    );
    expect(ms).toBeGreaterThan(1_400);
    expect(ms).toBeLessThan(3_500);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { ms, answer } = await holdOpen(service.origin, 'GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 404/);
    // Node closes an idle keep-alive socket up to a second after keepAliveTimeout; never at the socket timeout.
    expect(ms).toBeGreaterThan(400);
    expect(ms).toBeLessThan(2_500);
  });
});

describe('deeply nested JSON', () => {
  let service: RunningHttpService;
  let apollo: ApolloServer;
  beforeAll(async () => {
    apollo = new ApolloServer({
      typeDefs:
        'input Criterion { not: Criterion, code: String } type Query { count(where: Criterion): Int }',
      resolvers: { Query: { count: () => 1 } },
    });
    await apollo.start();
    service = await startHttpService({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('http-test', 'silent'),
      maxBodyBytes: 1_048_576,
      graphql: { path: '/graphql', server: apollo, context: async () => ({}) },
    });
  });
  afterAll(async () => {
    await service.close();
    await apollo.stop();
  });

  const nested = (levels: number) => {
    let value = '{"code":"C50"}';
    for (let i = 0; i < levels; i++) value = `{"not":${value}}`;
    return value;
  };
  const query = 'query ($w: Criterion) { count(where: $w) }';

  it('refuses variables nested 10,000 levels with 400 BAD_REQUEST (reason TOO_DEEP), by POST and GET', async () => {
    // Without the depth check graphql-js's recursive coercion overflows the stack: INTERNAL_SERVER_ERROR.
    const post = await request(`${service.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":${JSON.stringify(query)},"variables":{"w":${nested(10_000)}}}`,
    });
    expect(post.statusCode).toBe(400);
    expect(await post.body.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_REQUEST', reason: 'TOO_DEEP' } }],
    });
    // A URL carries less (headers are limited to 16 KiB): 500 levels.
    const search = new URLSearchParams({ query, variables: `{"w":${nested(500)}}` });
    const get = await request(`${service.origin}/graphql?${search}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.statusCode).toBe(400);
    expect(await get.body.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_REQUEST', reason: 'TOO_DEEP' } }],
    });
  });

  it('still serves ordinary nesting', async () => {
    const answer = await request(`${service.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables: { w: JSON.parse(nested(20)) as unknown } }),
    });
    expect(answer.statusCode).toBe(200);
    expect(await answer.body.json()).toEqual({ data: { count: 1 } });
  });

  it('measures depth on the text, skipping brackets inside strings', () => {
    expect(jsonTooDeep('[[["]]]]]]]][[[[[[[["]]]', 3)).toBe(false);
    expect(jsonTooDeep('[[[["\\"["]]]]', 3)).toBe(true);
    expect(jsonTooDeep('{"a":[{"b":1}]}', 3)).toBe(false);
  });
});
