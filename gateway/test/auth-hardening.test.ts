import { decodeJwt, SignJWT } from 'jose';
import { request } from 'undici';
import {
  createTestDatabase,
  DATABASES,
  graphql,
  waitUntil,
  type DatabaseUnderTest,
  type TestDatabase,
} from '@mesh/testing';
import { DEV_JWT_SECRET, startGateway, type GatewayAuthOptions, type RunningGateway } from '../src';
import { startClinicalAndGenomics, testLogger, type TestProducts } from './support/products';

/**
 * Gateway authentication hardening at the HTTP surface: sign-in rate limits, sign-out that every replica
 * honours, API token lifetimes, introspection through fragments, and subscriptions over HTTP.
 */

let products: TestProducts;
const gateways: RunningGateway[] = [];

beforeAll(async () => {
  products = await startClinicalAndGenomics({ patients: 60, samples: 20, genes: 60 });
}, 120_000);

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await products?.close();
});

async function gateway(auth: GatewayAuthOptions = {}): Promise<RunningGateway> {
  const started = await startGateway({
    port: 0,
    host: '127.0.0.1',
    subgraphs: products.subgraphs(),
    logger: testLogger('gateway'),
    auth,
  });
  gateways.push(started);
  return started;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: (await response.body.json()) as Record<string, unknown> & {
      error?: { code: string; message: string };
    },
  };
}

async function signIn(gw: RunningGateway, username: string, password = 'demo') {
  return post(`${gw.origin}/auth/login`, { username, password });
}

const query = '{ patients(first: 1) { totalCount } }';

describe('sign-in rate limit', () => {
  it('300 wrong passwords then the right one: refused with 429, Retry-After and RATE_LIMITED', async () => {
    const gw = await gateway();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 300; attempt++)
      statuses.push((await signIn(gw, 'carol', `guess-${attempt}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));

    const right = await signIn(gw, 'carol');
    expect(right.status).toBe(429);
    expect(right.body.error?.code).toBe('RATE_LIMITED');
    expect(right.body.error?.message).toMatch(/Wait \d+ s/);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.body).not.toHaveProperty('token');
  });

  it('counts failures per client address too, across accounts', async () => {
    const gw = await gateway({
      loginThrottle: { perAddress: { failures: 10, windowMs: 60_000 } },
    });
    for (let attempt = 0; attempt < 10; attempt++)
      expect((await signIn(gw, `nobody-${attempt}`, 'wrong')).status).toBe(401);
    const next = await signIn(gw, 'alice');
    expect(next.status).toBe(429);
    expect(next.body.error?.code).toBe('RATE_LIMITED');
  });

  it('a signed-in user who mistyped a few times still signs in', async () => {
    const gw = await gateway();
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn(gw, 'bob', 'typo')).status).toBe(401);
    expect((await signIn(gw, 'bob')).status).toBe(200);
  });
});

describe('the development identity provider', () => {
  it('signs iss, aud and a jti, and refuses a token for another audience', async () => {
    const gw = await gateway();
    const login = await signIn(gw, 'alice');
    const claims = decodeJwt(login.body.token as string);
    expect(claims).toMatchObject({ iss: 'mesh-dev-idp', aud: 'mesh-gateway', sub: 'alice' });
    expect(claims.jti).toEqual(expect.any(String));

    const forge = (issuer: string | undefined, audience: string | undefined) => {
      const jwt = new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('ada')
        .setIssuedAt()
        .setExpirationTime('1h');
      if (issuer) jwt.setIssuer(issuer);
      if (audience) jwt.setAudience(audience);
      return jwt.sign(new TextEncoder().encode(DEV_JWT_SECRET));
    };
    for (const [issuer, audience, claim] of [
      ['mesh-dev-idp', 'another-app', 'aud'],
      ['mesh-dev-idp', undefined, 'aud'],
      ['someone-else', 'mesh-gateway', 'iss'],
      [undefined, 'mesh-gateway', 'iss'],
    ] as const) {
      const answer = await graphql(
        gw.url,
        query,
        {},
        { authorization: `Bearer ${await forge(issuer, audience)}` },
      );
      expect(answer.status).toBe(401);
      expect(answer.errors?.[0]?.message).toContain(claim);
    }
  });
});

describe('API token lifetime (API_TOKEN_MAX_DAYS)', () => {
  let gw: RunningGateway;
  let alice: Record<string, string>;
  beforeAll(async () => {
    gw = await gateway({ apiTokenMaxDays: 30 });
    alice = { authorization: `Bearer ${(await signIn(gw, 'alice')).body.token as string}` };
  });

  const create = (body: Record<string, unknown>) =>
    post(`${gw.origin}/auth/tokens`, { label: 'notebook', ...body }, alice);
  const days = (expiresAt: unknown) => (Date.parse(expiresAt as string) - Date.now()) / 86_400_000;

  it('refuses a lifetime above the maximum with TOKEN_LIFETIME_TOO_LONG', async () => {
    const created = await create({ expiresInDays: 31 });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'TOKEN_LIFETIME_TOO_LONG' });
    expect(created.body.error?.message).toContain('at most 30');
  });

  it('gives "never expires" (null) the maximum, and a missing lifetime the default capped at it', async () => {
    const never = await create({ expiresInDays: null });
    expect(never.status).toBe(201);
    expect(days(never.body.expiresAt)).toBeCloseTo(30, 1);
    const missing = await create({});
    expect(missing.status).toBe(201);
    expect(days(missing.body.expiresAt)).toBeCloseTo(30, 1);
    const asked = await create({ expiresInDays: 7 });
    expect(days(asked.body.expiresAt)).toBeCloseTo(7, 1);
  });
});

describe.each(DATABASES)('sign-out with two gateways sharing the %s database', (kind: DatabaseUnderTest) => {
  let database: TestDatabase;
  let first: RunningGateway;
  let second: RunningGateway;

  beforeAll(async () => {
    database = await createTestDatabase(kind, 'gateway_signout');
    const auth: GatewayAuthOptions = {
      apiTokens: { databaseFile: database.databaseFile ?? '', databaseUrl: database.databaseUrl },
      revocationRefreshMs: 100,
    };
    first = await gateway(auth);
    second = await gateway(auth);
  });

  afterAll(async () => {
    await Promise.all([first, second].map((gw) => gw?.close()));
    gateways.splice(0, gateways.length, ...gateways.filter((gw) => gw !== first && gw !== second));
    await database?.drop();
  });

  it('refuses the signed-out token on both gateways; another session of the user still works', async () => {
    const session = { authorization: `Bearer ${(await signIn(first, 'alice')).body.token as string}` };
    const otherSession = { authorization: `Bearer ${(await signIn(first, 'alice')).body.token as string}` };
    expect((await graphql(second.url, query, {}, session)).errors).toBeUndefined();

    const out = await post(`${first.origin}/auth/logout`, {}, session);
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ signedOut: true });

    const onFirst = await graphql(first.url, query, {}, session);
    expect(onFirst.status).toBe(401);
    expect(onFirst.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(onFirst.errors?.[0]?.message).toContain('signed out');
    await waitUntil('the second gateway refuses the signed-out token', async () =>
      (await graphql(second.url, query, {}, session)).status === 401 ? true : undefined,
    );
    const me = await request(`${second.origin}/auth/me`, { headers: session });
    expect(me.statusCode).toBe(401);
    await me.body.dump();
    expect((await graphql(second.url, query, {}, otherSession)).errors).toBeUndefined();
    // Signing out again is harmless.
    expect((await post(`${second.origin}/auth/logout`, {}, session)).status).toBe(200);
  });

  it('a gateway started after the sign-out refuses the token too', async () => {
    const session = { authorization: `Bearer ${(await signIn(first, 'bob')).body.token as string}` };
    expect((await post(`${first.origin}/auth/logout`, {}, session)).status).toBe(200);
    const third = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: products.subgraphs(),
      logger: testLogger('gateway'),
      auth: { apiTokens: { databaseFile: database.databaseFile ?? '', databaseUrl: database.databaseUrl } },
    });
    try {
      expect((await graphql(third.url, query, {}, session)).status).toBe(401);
    } finally {
      await third.close();
    }
  });

  it('answers sign-out without a token with 401, and with an API token with 400', async () => {
    expect((await post(`${first.origin}/auth/logout`, {})).status).toBe(401);
    const apiToken = await post(`${first.origin}/auth/logout`, {}, { authorization: 'Bearer mesh_pat_x' });
    expect(apiToken.status).toBe(400);
    expect(apiToken.body.error?.message).toContain('DELETE /auth/tokens');
  });
});

describe('GraphQL over HTTP', () => {
  let gw: RunningGateway;
  let alice: Record<string, string>;
  beforeAll(async () => {
    gw = await gateway({ introspection: 'authenticated' });
    alice = { authorization: `Bearer ${(await signIn(gw, 'alice')).body.token as string}` };
  });

  it.each([
    ['an anonymous subscription', {}],
    ['a signed-in subscription', null],
  ])('answers %s with 400 SUBSCRIPTION_NOT_SUPPORTED, not 500', async (_name, headers) => {
    const answer = await graphql(
      gw.url,
      'subscription { patients(first: 1) { totalCount } }',
      {},
      headers ?? alice,
    );
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTION_NOT_SUPPORTED');
    expect(answer.errors?.[0]?.message).toContain('Send a query');
  });

  it('answers a mutation on a graph without mutations with 400 OPERATION_NOT_SUPPORTED', async () => {
    const answer = await graphql(gw.url, 'mutation { __typename }', {}, alice);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_SUPPORTED');
  });

  it.each([
    ['an inline fragment', '{ ... on Query { __schema { types { name } } } }'],
    ['a named fragment', '{ ...S } fragment S on Query { __schema { types { name } } }'],
    [
      'a nested named fragment',
      '{ ...A } fragment A on Query { ...B } fragment B on Query { __type(name: "Patient") { name } }',
    ],
  ])(
    'INTROSPECTION=authenticated: refuses anonymous introspection through %s',
    async (_name, introspection) => {
      const anonymous = await graphql<Record<string, unknown>>(gw.url, introspection, {}, {});
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(anonymous.data?.__schema ?? anonymous.data?.__type ?? null).toBeNull();
      const signedIn = await graphql<Record<string, unknown>>(gw.url, introspection, {}, alice);
      expect(signedIn.errors).toBeUndefined();
      expect(signedIn.data?.__schema ?? signedIn.data?.__type).toBeTruthy();
    },
  );
});
