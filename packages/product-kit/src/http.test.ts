import { ApolloServer } from '@apollo/server';
import { request } from 'undici';
import { createLogger } from './logger';
import { readRequestBody, sendJson, startHttpService, traceIdOf, type RunningHttpService } from './http';

describe('startHttpService routes', () => {
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
      graphql: { path: '/graphql', server: apollo, context: async () => ({}) },
      routes: {
        '/health': (_req, res) => sendJson(res, 200, { status: 'ok' }),
        '/echo': {
          POST: async (req, res, scope) =>
            sendJson(res, 200, { body: await readRequestBody(req, 1024), requestId: scope.requestId }),
        },
      },
    });
  });
  afterAll(async () => {
    await service.close();
    await apollo.stop();
  });

  const send = async (method: 'GET' | 'POST', path: string) => {
    const response = await request(`${service.origin}${path}`, {
      method,
      headers: { 'x-request-id': 'req-1' },
      body: method === 'POST' ? 'hello' : undefined,
    });
    return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
  };

  it('keeps plain handlers GET-only, as before', async () => {
    expect((await send('GET', '/health')).status).toBe(200);
    expect((await send('POST', '/health')).status).toBe(404);
  });

  it('answers the methods a route lists, with the request scope, and 405 for the others', async () => {
    expect(await send('POST', '/echo')).toEqual({ status: 200, json: { body: 'hello', requestId: 'req-1' } });
    const other = await send('GET', '/echo');
    expect(other.status).toBe(405);
    expect(other.json).toMatchObject({ errors: [{ message: '/echo answers POST.' }] });
  });
});

describe('traceIdOf', () => {
  it('takes the trace id of a valid traceparent, and nothing else', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(traceIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(traceIdOf('garbage')).toBeUndefined();
    expect(traceIdOf(undefined)).toBeUndefined();
  });
});
