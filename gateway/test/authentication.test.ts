import { request } from 'undici';
import { SignJWT } from 'jose';
import { asUser, graphql, startLocalMesh, type LocalMesh } from '@mesh/testing';
import { DEV_JWT_AUDIENCE, DEV_JWT_ISSUER, DEV_JWT_SECRET } from '../src';

/**
 * Authentication at the gateway (demo sign-in, JWTs, API tokens) and introspection per role. The matrix of
 * what each role may read is authorization.test.ts.
 */

type Who = 'anonymous' | 'alice' | 'carol' | 'gene' | 'ada';
const WHO: Who[] = ['anonymous', 'alice', 'carol', 'gene', 'ada'];

let mesh: LocalMesh;
const headers: Record<Who, Record<string, string>> = {} as never;

beforeAll(async () => {
  mesh = await startLocalMesh({ auth: { introspection: { roles: ['admin', 'analyst'] } } });
  for (const who of WHO) headers[who] = who === 'anonymous' ? {} : await asUser(who);
}, 120_000);

afterAll(async () => {
  await mesh?.close();
});

describe('authentication', () => {
  const query = '{ patients(first: 1) { totalCount } }';

  it('signs in a demo user and answers with their token', async () => {
    const login = await request(`${mesh.gateway.origin}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'carol', password: 'demo' }),
    });
    const body = (await login.body.json()) as { token: string; user: { roles: string[]; scopes: string[] } };
    expect(login.statusCode).toBe(200);
    expect(body.user.roles).toEqual(['clinician']);
    expect(body.user.scopes).toContain('clinical:identifiable');
    const me = await request(`${mesh.gateway.origin}/auth/me`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(((await me.body.json()) as { subject: string }).subject).toBe('carol');
  });

  it.each([
    ['a wrong password', { username: 'carol', password: 'nope' }, 401],
    ['an unknown user', { username: 'mallory', password: 'demo' }, 401],
    ['a missing password', { username: 'carol' }, 400],
  ])('refuses sign-in with %s', async (_name, payload, status) => {
    const login = await request(`${mesh.gateway.origin}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(login.statusCode).toBe(status);
    expect(((await login.body.json()) as { error: { code: string } }).error.code).toBe(
      status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST',
    );
  });

  it.each([
    [
      'an expired token',
      async () => `Bearer ${await sign({ exp: Math.floor(Date.now() / 1000) - 60 })}`,
      'expired',
    ],
    [
      'a token signed with another secret',
      async () => `Bearer ${await sign({}, 'another-secret-of-at-least-32-chars!!')}`,
      'signature',
    ],
    ['a malformed header', async () => 'Token abc', 'Bearer <token>'],
    ['a garbage token', async () => 'Bearer not.a.jwt', 'refused'],
    ['an unknown API token', async () => 'Bearer mesh_pat_unknown', 'unknown'],
  ])('answers 401 UNAUTHENTICATED to %s, and keeps serving', async (_name, header, fragment) => {
    const answer = await graphql(mesh.gateway.url, query, {}, { authorization: await header() });
    expect(answer.status).toBe(401);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.errors?.[0]?.message).toContain(fragment);
    expect((await graphql(mesh.gateway.url, query, {}, headers.alice)).errors).toBeUndefined();
  });

  it('API tokens: created with a subset of scopes, used like a JWT, listed, revoked', async () => {
    const created = await request(`${mesh.gateway.origin}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers.alice },
      body: JSON.stringify({ label: 'notebook', scopes: ['clinical:read'], expiresInDays: 30 }),
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = (await created.body.json()) as { token: string; id: string };
    expect(token).toMatch(/^mesh_pat_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await graphql(mesh.gateway.url, query, {}, bearer)).errors).toBeUndefined();
    const genes = await graphql(mesh.gateway.url, '{ genes(first: 1) { nodes { symbol } } }', {}, bearer);
    expect(genes.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Query.genes' });

    const listed = await request(`${mesh.gateway.origin}/auth/tokens`, { headers: headers.alice });
    const { tokens } = (await listed.body.json()) as {
      tokens: { id: string; label: string; scopes: string[] }[];
    };
    expect(tokens.find((entry) => entry.id === id)).toMatchObject({
      label: 'notebook',
      scopes: ['clinical:read'],
    });
    expect(JSON.stringify(tokens)).not.toContain(token);

    const otherUser = await request(`${mesh.gateway.origin}/auth/tokens?id=${id}`, {
      method: 'DELETE',
      headers: await asUser('bob'),
    });
    expect(otherUser.statusCode).toBe(404);
    const revoked = await request(`${mesh.gateway.origin}/auth/tokens?id=${id}`, {
      method: 'DELETE',
      headers: headers.alice,
    });
    expect(revoked.statusCode).toBe(200);
    const after = await graphql(mesh.gateway.url, query, {}, bearer);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.message).toContain('revoked');
  });

  it('refuses to grant scopes the user does not have', async () => {
    const created = await request(`${mesh.gateway.origin}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers.alice },
      body: JSON.stringify({ label: 'greedy', scopes: ['clinical:identifiable'] }),
    });
    expect(created.statusCode).toBe(403);
    expect(((await created.body.json()) as { error: { message: string } }).error.message).toContain(
      'clinical:identifiable',
    );
  });
});

describe('introspection per role (configured: admin, analyst)', () => {
  const introspection = '{ __schema { queryType { name } } }';
  it.each([
    ['anonymous', 'UNAUTHENTICATED'],
    ['carol', 'FORBIDDEN'],
    ['alice', null],
    ['ada', null],
  ] as const)('%s → %s', async (who, code) => {
    const answer = await graphql<{ __schema: { queryType: { name: string } } }>(
      mesh.gateway.url,
      introspection,
      {},
      headers[who],
    );
    if (code) {
      expect(answer.errors?.[0]?.extensions?.code).toBe(code);
      expect(answer.data?.__schema ?? null).toBeNull();
    } else expect(answer.data?.__schema.queryType.name).toBe('Query');
  });
});

function sign(claims: Record<string, unknown>, secret = DEV_JWT_SECRET) {
  const jwt = new SignJWT({ roles: ['admin'], ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('ada')
    .setIssuer(DEV_JWT_ISSUER)
    .setAudience(DEV_JWT_AUDIENCE)
    .setIssuedAt();
  if (claims.exp === undefined) jwt.setExpirationTime('1h');
  return jwt.sign(new TextEncoder().encode(secret));
}
