import { parse as parseCsv } from 'csv-parse/sync';
import { request } from 'undici';
import {
  createTestDatabase,
  DATABASES,
  graphql,
  startLocalMesh,
  type LocalMesh,
  type TestDatabase,
} from '@mesh/testing';
import { openAuditStore, type AuditEvent } from '../src/audit';

const PATIENTS = `query AuditPatients($first: Int) { patients(first: $first) { nodes { id age sex } } }`;
const SUMMARY = `query AuditSummary {
  cohort(criteria: { diagnosis: "E11" }) { summary(variables: ["age"]) { resultHash } }
}`;
const HOSTILE_CLIENT = '=HYPERLINK("http://evil.example","x")';

type Stored = AuditEvent & { id: number; at: string };

/** Waits (on the gateway's own counters) until `count` events were recorded, then writes them. */
async function written(mesh: LocalMesh, count: number) {
  const deadline = Date.now() + 10_000;
  while (mesh.gateway.audit.stats().recorded < count) {
    if (Date.now() > deadline) throw new Error(`only ${mesh.gateway.audit.stats().recorded} events recorded`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await mesh.gateway.audit.flush();
}

async function get(origin: string, path: string, headers: Record<string, string> = {}) {
  const response = await request(`${origin}${path}`, { headers });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe.each(DATABASES)('data-access audit (%s)', (kind) => {
  let database: TestDatabase;
  let mesh: LocalMesh;
  let tokenId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind, 'audit');
    mesh = await startLocalMesh({
      audit: {
        database: { databaseFile: database.databaseFile ?? '', databaseUrl: database.databaseUrl },
        owners: { clinical: ['subject:carol'] },
      },
    });
    const alice = mesh.as.alice;
    const client = { 'apollographql-client-name': 'audit-test', 'apollographql-client-version': '1.2.3' };
    // 1. A GraphQL query with a JWT.
    const page = await graphql(mesh.gateway.url, PATIENTS, { first: 7 }, { ...alice, ...client });
    expect(page.errors).toBeUndefined();
    // 2. The same with an API token (its id is audited, never the secret).
    const created = await request(`${mesh.gateway.origin}/auth/tokens`, {
      method: 'POST',
      headers: { ...alice, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'notebook' }),
    });
    const token = (await created.body.json()) as { token: string; id: string };
    tokenId = token.id;
    await graphql(mesh.gateway.url, PATIENTS, { first: 3 }, { authorization: `Bearer ${token.token}` });
    // 3. A CSV export (GraphQL path forced, then the bulk path) with a hostile client name.
    for (const bulk of [false, true]) {
      const exported = await request(`${mesh.gateway.origin}/export`, {
        method: 'POST',
        headers: { ...alice, 'content-type': 'application/json', 'graphql-client-name': HOSTILE_CLIENT },
        body: JSON.stringify({ query: PATIENTS, variables: { first: 11 }, path: 'patients.nodes', bulk }),
      });
      expect(exported.statusCode).toBe(200);
      await exported.body.text();
    }
    // 4. An analysis.
    const analysis = await graphql(
      mesh.gateway.url,
      SUMMARY,
      {},
      { ...alice, 'user-agent': 'analysis-ui/9' },
    );
    expect(analysis.errors).toBeUndefined();
    await written(mesh, 5);
  });
  afterAll(async () => {
    await mesh?.close();
    await database?.drop();
  });

  const auditAs = async (who: 'ada' | 'bob' | 'carol', search: string) =>
    get(mesh.gateway.origin, `/audit?${search}`, mesh.as[who]);

  it('shows the owner every read of the product: fields, client, auth kind, token id, rows', async () => {
    const answer = await auditAs('ada', 'product=clinical&subject=alice');
    expect(answer.status).toBe(200);
    const events = (JSON.parse(answer.text) as { events: Stored[] }).events;
    expect(events).toHaveLength(5);
    const [analysis, bulk, graphqlExport, viaToken, viaJwt] = events;
    expect(viaJwt).toMatchObject({
      product: 'clinical',
      subject: 'alice',
      callerName: 'Alice Analyst',
      authKind: 'user',
      tokenId: null,
      clientName: 'audit-test',
      clientVersion: '1.2.3',
      operationName: 'AuditPatients',
      rows: 7,
      exportFormat: null,
      outcome: 'ok',
    });
    expect(viaJwt!.fields).toEqual(expect.arrayContaining(['Query.patients', 'Patient.age', 'Patient.sex']));
    expect(viaJwt!.operationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(viaToken).toMatchObject({ authKind: 'token', tokenId, rows: 3 });
    for (const exported of [graphqlExport, bulk])
      expect(exported).toMatchObject({
        exportFormat: 'csv',
        rows: 11,
        clientName: HOSTILE_CLIENT,
        outcome: 'ok',
      });
    expect(analysis).toMatchObject({
      operationName: 'AuditSummary',
      clientName: 'analysis-ui/9',
      clientVersion: null,
    });
    expect(analysis!.fields).toEqual(expect.arrayContaining(['Query.cohort', 'Cohort.summary']));
    // Patient ids are resolvable by every product extending Patient; only clinical was read.
    const genomics = JSON.parse((await auditAs('ada', 'product=genomics&subject=alice')).text) as {
      events: Stored[];
    };
    expect(genomics.events).toEqual([]);
    // No query text, no variables: only the hash and the coordinates.
    expect(answer.text).not.toContain('patients(first');
  });

  it('filters by field and client, pages newest first with a cursor', async () => {
    const byClient = JSON.parse((await auditAs('ada', 'product=clinical&client=audit-test')).text) as {
      events: Stored[];
    };
    expect(byClient.events).toHaveLength(1);
    const byField = JSON.parse((await auditAs('ada', 'product=clinical&field=Cohort.summary')).text) as {
      events: Stored[];
    };
    expect(byField.events.map((event) => event.operationName)).toEqual(['AuditSummary']);
    const first = JSON.parse((await auditAs('ada', 'product=clinical&limit=2')).text) as {
      events: Stored[];
      next: string;
    };
    const second = JSON.parse(
      (await auditAs('ada', `product=clinical&limit=2&cursor=${first.next}`)).text,
    ) as { events: Stored[] };
    expect(first.events).toHaveLength(2);
    expect(second.events[0]!.id).toBeLessThan(first.events[1]!.id);
  });

  it('lets a PRODUCT_OWNERS subject read its product only; refuses others with 403 and anonymous with 401', async () => {
    expect((await auditAs('carol', 'product=clinical')).status).toBe(200);
    const notOwner = await auditAs('carol', 'product=genomics');
    expect(notOwner.status).toBe(403);
    expect(JSON.parse(notOwner.text)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await auditAs('bob', 'product=clinical')).status).toBe(403);
    const anonymous = await get(mesh.gateway.origin, '/audit?product=clinical');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const bad = await auditAs('ada', 'product=clinical&cursor=nope');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { code: 'BAD_CURSOR' } });
    expect((await auditAs('ada', 'limit=5')).status).toBe(400);
  });

  it('downloads the audit as CSV with formula-looking cells neutralised', async () => {
    const answer = await get(mesh.gateway.origin, '/audit.csv?product=clinical&subject=alice', mesh.as.ada);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parseCsv(answer.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    const exported = rows.filter((row) => row.exportFormat === 'csv');
    expect(exported).toHaveLength(2);
    for (const row of exported) expect(row.clientName).toBe(`'${HOSTILE_CLIENT}`);
    expect(answer.text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect((await get(mesh.gateway.origin, '/audit.csv?product=clinical', mesh.as.bob)).status).toBe(403);
  });

  it('purges events older than the retention', async () => {
    const store = await openAuditStore({
      databaseFile: database.databaseFile ?? '',
      databaseUrl: database.databaseUrl,
    });
    try {
      const old = Date.now() - 400 * 86_400_000;
      await store.insert([
        {
          at: old,
          product: 'clinical',
          subject: 'old-reader',
          callerName: null,
          authKind: 'user',
          tokenId: null,
          clientName: null,
          clientVersion: null,
          operationName: null,
          operationHash: null,
          fields: ['Query.patients'],
          refused: [],
          rows: 1,
          exportFormat: null,
          outcome: 'ok',
        },
      ]);
      const before = (await store.query({ product: 'clinical', subject: 'old-reader', limit: 10 })).events;
      expect(before).toHaveLength(1);
      expect(await mesh.gateway.audit.purge()).toBe(1);
      expect(
        (await store.query({ product: 'clinical', subject: 'old-reader', limit: 10 })).events,
      ).toHaveLength(0);
      expect((await store.query({ product: 'clinical', subject: 'alice', limit: 10 })).events).toHaveLength(
        5,
      );
    } finally {
      await store.close();
    }
  });
});
