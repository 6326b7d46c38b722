import { request } from 'undici';
import {
  asUser,
  createTestDatabase,
  DATABASES,
  graphql,
  productIdentity,
  waitUntil,
  type DatabaseUnderTest,
  type TestDatabase,
} from '@mesh/testing';
import type { Caller } from '@mesh/product-kit';
import { startGateway, type GatewayAuthOptions, type RunningGateway } from '../src';
import { startClinicalAndGenomics, testLogger, type TestProducts } from './support/products';

/**
 * Access requests end to end: a user asks for a scope, an owner approves it with an expiry (or denies it),
 * the grant takes effect on every gateway replica sharing the database and ends exactly at its expiry.
 */

let products: TestProducts;

beforeAll(async () => {
  products = await startClinicalAndGenomics({ patients: 40, samples: 10, genes: 60 });
}, 120_000);

afterAll(async () => {
  await products?.close();
});

const genes = '{ genes(first: 2) { nodes { symbol } } }';

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}

async function call(
  url: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const response = await request(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Answer['body'] };
}

describe.each(DATABASES)(
  'access requests on two gateways sharing the %s database',
  (kind: DatabaseUnderTest) => {
    let database: TestDatabase;
    let first: RunningGateway;
    let second: RunningGateway;
    const as: Record<string, Record<string, string>> = {};

    beforeAll(async () => {
      database = await createTestDatabase(kind, 'gateway_access');
      const auth: GatewayAuthOptions = {
        apiTokens: { databaseFile: database.databaseFile ?? '', databaseUrl: database.databaseUrl },
        grantRefreshMs: 100,
        // gene owns genomics besides the default (role admin owns everything).
        productOwners: { genomics: ['gene'], '*': ['role:admin'] },
      };
      const start = () =>
        startGateway({
          port: 0,
          host: '127.0.0.1',
          subgraphs: products.subgraphs(),
          logger: testLogger('gateway'),
          auth,
        });
      first = await start();
      second = await start();
      for (const user of ['alice', 'carol', 'gene', 'ada', 'bob', 'dora']) as[user] = await asUser(user);
    }, 60_000);

    afterAll(async () => {
      await Promise.all([first, second].map((gw) => gw?.close()));
      await database?.drop();
    });

    const ask = (gw: RunningGateway, who: string, body: unknown) =>
      call(`${gw.origin}/access-requests`, 'POST', as[who]!, body);
    const decide = (gw: RunningGateway, who: string, body: unknown) =>
      call(`${gw.origin}/access-requests/decision`, 'POST', as[who]!, body);
    const forbidden = async (gw: RunningGateway, who: string) =>
      (await graphql(gw.url, genes, {}, as[who])).errors?.[0]?.extensions?.code === 'FORBIDDEN';

    it('approved with a short expiry: the grant works on both replicas and at the product, then ends', async () => {
      expect(await forbidden(first, 'carol')).toBe(true);
      const asked = await ask(first, 'carol', {
        product: 'genomics',
        scope: 'genomics:read',
        purpose: 'Tumour expression for the care-team review',
      });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({ status: 'PENDING', subject: 'carol', scope: 'genomics:read' });
      const id = asked.body.id as string;

      // The owner's queue (on the other replica: the table is shared).
      const queue = await call(`${second.origin}/access-requests?owned=1`, 'GET', as.gene!);
      expect(queue.body.owned).toEqual(['genomics']);
      expect((queue.body.requests as Array<{ id: string }>).map((r) => r.id)).toContain(id);

      const expiresAt = new Date(Date.now() + 2_000).toISOString();
      const approved = await decide(second, 'gene', { id, decision: 'APPROVE', expiresAt });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'APPROVED', decidedBy: 'gene', expiresAt });

      // At once on the replica that approved; within a refresh on the other.
      const onSecond = await graphql(second.url, genes, {}, as.carol);
      expect(onSecond.errors).toBeUndefined();
      await waitUntil('the first replica honours the grant', async () =>
        (await forbidden(first, 'carol')) ? undefined : true,
      );
      // The gateway signs the granted scope into the identity the product checks.
      const me = (await call(`${first.origin}/auth/me`, 'GET', as.carol!)).body as unknown as Caller;
      expect(me.scopes).toContain('genomics:read');
      const body = JSON.stringify({ query: genes });
      const direct = await request(products.genomics.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(await (
            await productIdentity(me, 'genomics')
          )({ url: products.genomics.url, body })),
        },
        body,
      });
      expect(((await direct.body.json()) as { errors?: unknown }).errors).toBeUndefined();
      // Other users gain nothing.
      expect(await forbidden(first, 'dora')).toBe(true);

      const mine = await call(`${first.origin}/access-requests?mine=1`, 'GET', as.carol!);
      expect(
        (mine.body.requests as Array<{ id: string; status: string }>).find((r) => r.id === id)?.status,
      ).toBe('APPROVED');

      // Expiry is checked on every use: FORBIDDEN again on both replicas, shown as EXPIRED.
      for (const gw of [first, second])
        await waitUntil(
          'the grant has expired',
          async () => ((await forbidden(gw, 'carol')) ? true : undefined),
          {
            timeoutMs: 10_000,
          },
        );
      const after = await call(`${first.origin}/access-requests?mine=1`, 'GET', as.carol!);
      expect(
        (after.body.requests as Array<{ id: string; status: string }>).find((r) => r.id === id)?.status,
      ).toBe('EXPIRED');
    });

    it('denied with a reason: the requester sees it, and stays refused', async () => {
      const asked = await ask(first, 'carol', {
        product: 'genomics',
        scope: 'genomics:variants',
        purpose: 'Germline review for a family history case',
      });
      expect(asked.status).toBe(201);
      const id = asked.body.id as string;
      expect((await decide(first, 'ada', { id, decision: 'DENY' })).body.error?.code).toBe('BAD_REQUEST');
      const denied = await decide(first, 'ada', {
        id,
        decision: 'DENY',
        reason: 'Needs ethics approval first',
      });
      expect(denied.status).toBe(200);
      const mine = await call(`${second.origin}/access-requests?mine=1`, 'GET', as.carol!);
      expect((mine.body.requests as Array<{ id: string }>).find((r) => r.id === id)).toMatchObject({
        status: 'DENIED',
        reason: 'Needs ethics approval first',
        decidedBy: 'ada',
      });
      const again = await decide(first, 'ada', { id, decision: 'APPROVE', expiresInMinutes: 5 });
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_DECIDED' } } });
    });

    it('only owners decide; nobody decides their own request', async () => {
      const asked = await ask(first, 'bob', {
        product: 'clinical',
        scope: 'clinical:identifiable',
        purpose: 'Linking the cohort to the registry',
      });
      expect(asked.status).toBe(201);
      const id = asked.body.id as string;
      // gene owns genomics, not clinical; carol owns nothing.
      for (const who of ['gene', 'carol']) {
        const refused = await decide(first, who, { id, decision: 'APPROVE', expiresInMinutes: 5 });
        expect(refused).toMatchObject({ status: 403, body: { error: { code: 'NOT_PRODUCT_OWNER' } } });
      }
      expect((await call(`${first.origin}/access-requests?owned=1`, 'GET', as.carol!)).body).toEqual({
        owned: [],
        requests: [],
      });
      // An owner asking for a scope she lacks must leave the decision to another owner.
      const own = await ask(first, 'ada', {
        product: 'genomics',
        scope: 'genomics:aggregate',
        purpose: 'Checking the aggregate tier',
      });
      expect(own.status).toBe(201);
      const self = await decide(first, 'ada', { id: own.body.id, decision: 'APPROVE', expiresInMinutes: 5 });
      expect(self).toMatchObject({ status: 403, body: { error: { code: 'OWN_REQUEST' } } });
    });

    it.each([
      [
        'an unknown product',
        { product: 'finance', scope: 'finance:read', purpose: 'Budget analysis' },
        400,
        'UNKNOWN_PRODUCT',
      ],
      [
        'another product’s scope',
        { product: 'genomics', scope: 'mesh:admin', purpose: 'Run the mesh please' },
        400,
        'SCOPE_NOT_OF_PRODUCT',
      ],
      [
        'a scope already held',
        { product: 'clinical', scope: 'clinical:read', purpose: 'Reading clinical data' },
        409,
        'ALREADY_GRANTED',
      ],
      ['no purpose', { product: 'genomics', scope: 'genomics:read' }, 400, 'BAD_REQUEST'],
      [
        'a too short purpose',
        { product: 'genomics', scope: 'genomics:read', purpose: 'x' },
        400,
        'BAD_REQUEST',
      ],
      [
        'a too long purpose',
        { product: 'genomics', scope: 'genomics:read', purpose: 'x'.repeat(1001) },
        400,
        'BAD_REQUEST',
      ],
      [
        'a malformed scope',
        { product: 'genomics', scope: 'genomics', purpose: 'Reading genomics data' },
        400,
        'BAD_REQUEST',
      ],
    ])('refuses a request with %s', async (_name, body, status, code) => {
      expect(await ask(first, 'alice', body)).toMatchObject({ status, body: { error: { code } } });
    });

    it('refuses a second pending request, bad expiries, unknown ids and anonymous callers', async () => {
      const body = {
        product: 'genomics',
        scope: 'genomics:variants',
        purpose: 'Variant calls for the cohort',
      };
      const asked = await ask(first, 'alice', body);
      expect(asked.status).toBe(201);
      expect(await ask(second, 'alice', body)).toMatchObject({
        status: 409,
        body: { error: { code: 'ALREADY_REQUESTED' } },
      });
      const id = asked.body.id as string;
      for (const expiry of [
        {},
        { expiresInMinutes: 0 },
        { expiresInMinutes: 91 * 24 * 60 },
        { expiresAt: new Date(Date.now() - 1_000).toISOString() },
        { expiresAt: 'tomorrow' },
      ]) {
        const refused = await decide(first, 'ada', { id, decision: 'APPROVE', ...expiry });
        expect(refused.status).toBe(400);
        expect(['EXPIRY_OUT_OF_RANGE', 'BAD_REQUEST']).toContain(refused.body.error?.code);
      }
      expect(await decide(first, 'ada', { id: 'nope', decision: 'DENY', reason: 'x' })).toMatchObject({
        status: 404,
        body: { error: { code: 'NOT_FOUND' } },
      });
      expect((await call(`${first.origin}/access-requests`, 'POST', {}, body)).status).toBe(401);
      expect((await call(`${first.origin}/access-requests?mine=1`, 'GET', {})).status).toBe(401);
    });

    it('a grant flows into the grantee’s API tokens too', async () => {
      const created = await call(`${first.origin}/auth/tokens`, 'POST', as.carol!, { label: 'notebook' });
      const token = { authorization: `Bearer ${created.body.token as string}` };
      const asked = await ask(first, 'carol', {
        product: 'genomics',
        scope: 'genomics:read',
        purpose: 'Expression in the notebook for the review',
      });
      expect(asked.status).toBe(201);
      expect((await graphql(first.url, genes, {}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      await decide(first, 'ada', { id: asked.body.id, decision: 'APPROVE', expiresInMinutes: 5 });
      expect((await graphql(first.url, genes, {}, token)).errors).toBeUndefined();
    });

    it('a token minted while a grant is active does not keep the granted scope past its expiry', async () => {
      const birthYear = '{ patients(first: 1) { nodes { birthYear } } }';
      const asked = await ask(first, 'alice', {
        product: 'clinical',
        scope: 'clinical:identifiable',
        purpose: 'Age at diagnosis needs the birth year',
      });
      expect(asked.status).toBe(201);
      const decided = await decide(first, 'ada', {
        id: asked.body.id,
        decision: 'APPROVE',
        expiresAt: new Date(Date.now() + 2_000).toISOString(),
      });
      expect(decided.status).toBe(200);
      // While the grant is active, alice (signed in) mints a token asking for the granted scope by name.
      const created = await call(`${first.origin}/auth/tokens`, 'POST', as.alice!, {
        label: 'while granted',
        scopes: ['clinical:read', 'clinical:identifiable'],
      });
      expect(created.status).toBe(201);
      expect(created.body.scopes).toEqual(['clinical:read']);
      const token = { authorization: `Bearer ${created.body.token as string}` };
      // The grant still reaches the token while it lasts ...
      expect((await graphql(first.url, birthYear, {}, token)).errors).toBeUndefined();
      // ... and not a moment longer (polled, bounded).
      const deadline = Date.now() + 10_000;
      let code: unknown;
      while (Date.now() < deadline) {
        code = (await graphql(first.url, birthYear, {}, token)).errors?.[0]?.extensions?.code;
        if (code === 'FORBIDDEN') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(code).toBe('FORBIDDEN');
    });
  },
);
