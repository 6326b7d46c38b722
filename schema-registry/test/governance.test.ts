import { clinicalSdl, genomicsSdl } from './fixtures';
import {
  ADMIN_TOKEN,
  countRows,
  DATABASES,
  PUBLISH,
  publishInput,
  startTestRegistry,
  type PublishData,
  type TestRegistry,
} from './support';

const CREATE_TOKEN = `mutation($input: CreateTokenInput!) { createToken(input: $input) { secret token { id name } } }`;
const APPROVE = `mutation($input: ApproveProductAccessInput!) { approveProductAccess(input: $input) { product routingUrl visibility approvedBy } }`;
const AUDIT = `query($action: String) { auditLog(action: $action) { actor action product result details } }`;
const TABLES = [
  'schema_versions',
  'version_subgraphs',
  'products',
  'product_releases',
  'blobs',
  'audit_log',
  'product_access_approvals',
];
const catalog = (visibility: string, team = 'Clinical data') => ({
  title: 'Clinical',
  visibility,
  owner: { team, contact: 'clinical@example.org' },
});

describe.each(DATABASES)('registry governance (%s)', (kind) => {
  let t: TestRegistry;
  let clinicalToken: string;
  /** Everything a write could touch: row counts, the products' updated_at and the mesh lock counter. */
  const snapshot = async () => ({
    counts: Object.fromEntries(
      await Promise.all(TABLES.map(async (table) => [table, await countRows(t.registry, table)])),
    ),
    products: await t.registry.context
      .db('products')
      .orderBy('name')
      .select('name', 'updated_at', 'catalog_json'),
    state: await t.registry.context.db('registry_state').select('*'),
  });
  const publishAs = (token: string, extra: Record<string, unknown>, sdl = clinicalSdl(), version = '1.0.0') =>
    t.gql<PublishData>(PUBLISH, publishInput('clinical', sdl, version, extra), token);

  beforeAll(async () => {
    t = await startTestRegistry(kind);
    const first = await publishAs(ADMIN_TOKEN, { catalog: catalog('private') });
    expect(first.data!.publish.status).toBe('PUBLISHED');
    const genomics = await t.gql<PublishData>(PUBLISH, publishInput('genomics', genomicsSdl(), '1.0.0'));
    expect(genomics.data!.publish.status).toBe('PUBLISHED');
    clinicalToken = (
      await t.gql<{ createToken: { secret: string } }>(CREATE_TOKEN, {
        input: { name: 'clinical CI', scope: 'PRODUCT', product: 'clinical' },
      })
    ).data!.createToken.secret;
  });
  afterAll(() => t.close());

  it('an identical publish answers UNCHANGED and writes nothing (rows, updated_at, lock counter)', async () => {
    const before = await snapshot();
    const again = await publishAs(clinicalToken, { catalog: catalog('private') });
    expect(again.data!.publish.status).toBe('UNCHANGED');
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['routing URL', { routingUrl: 'http://attacker.test/graphql', catalog: catalog('private') }],
    ['visibility', { catalog: catalog('public') }],
    ['owner', { catalog: catalog('private', 'Someone else') }],
  ])('a product token cannot change its %s: FORBIDDEN, nothing stored', async (field, extra) => {
    const before = await snapshot();
    // With the schema unchanged (the path that once stored visibility on an UNCHANGED answer)…
    const same = await publishAs(clinicalToken, extra);
    // …and with a new schema version alongside.
    const changed = await publishAs(
      clinicalToken,
      extra,
      clinicalSdl({ queryFields: 'note: String' }),
      '1.1.0',
    );
    for (const response of [same, changed]) {
      expect(response.status).toBe(403);
      expect(response.errors![0]!.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'ACCESS_CHANGE_NEEDS_ADMIN',
      });
      expect(response.errors![0]!.message).toMatch(
        field === 'owner'
          ? /Ask a registry admin to publish it with an admin token/
          : /Ask a registry admin to run `mesh approve --product clinical --url /,
      );
    }
    expect(await snapshot()).toEqual(before);
  });

  it('an admin can change routing URL and visibility, and the change is audited with actor, old and new values', async () => {
    const result = await publishAs(ADMIN_TOKEN, {
      routingUrl: 'http://clinical-2.test/graphql',
      catalog: catalog('public'),
    });
    expect(result.data!.publish.status).toBe('PUBLISHED');
    const audit = await t.gql<{
      auditLog: { actor: string; product: string; details: { changes: unknown[] } }[];
    }>(AUDIT, { action: 'access.change' });
    expect(audit.data!.auditLog[0]).toMatchObject({
      actor: 'admin',
      product: 'clinical',
      details: {
        changes: [
          { field: 'routingUrl', from: 'http://clinical.test/graphql', to: 'http://clinical-2.test/graphql' },
          { field: 'visibility', from: 'private', to: 'public' },
        ],
        approvedBy: null,
      },
    });
  });

  it('an approval an admin grants lets the product token publish exactly the approved values', async () => {
    const approved = await t.gql(APPROVE, {
      input: { product: 'clinical', routingUrl: 'http://clinical-3.test/graphql', visibility: 'private' },
    });
    expect(approved.errors).toBeUndefined();
    const denied = await t.gql(
      APPROVE,
      {
        input: { product: 'clinical', routingUrl: 'http://x.test/graphql', visibility: 'public' },
      },
      clinicalToken,
    );
    expect(denied.status).toBe(403);
    const other = await publishAs(clinicalToken, {
      routingUrl: 'http://clinical-4.test/graphql',
      catalog: catalog('private'),
    });
    expect(other.status).toBe(403);
    const ok = await publishAs(clinicalToken, {
      routingUrl: 'http://clinical-3.test/graphql',
      catalog: catalog('private'),
    });
    expect(ok.data!.publish.status).toBe('PUBLISHED');
    const audit = await t.gql<{ auditLog: { actor: string; details: Record<string, unknown> }[] }>(AUDIT, {
      action: 'access.change',
    });
    expect(audit.data!.auditLog[0]!.actor).toMatch(/^clinical CI/);
    expect(audit.data!.auditLog[0]!.details).toMatchObject({ approvedBy: 'admin' });
    const approvals = await t.gql<{ auditLog: unknown[] }>(AUDIT, { action: 'access.approve' });
    expect(approvals.data!.auditLog).toHaveLength(1);
  });

  it('a product token rolling back to a release published as public keeps the current visibility and owner', async () => {
    const url = 'http://clinical-3.test/graphql';
    const opened = await publishAs(
      ADMIN_TOKEN,
      { routingUrl: url, catalog: catalog('public', 'Old team') },
      clinicalSdl({ queryFields: 'opened: String' }),
      '5.0.0',
    );
    expect(opened.data!.publish.status).toBe('PUBLISHED');
    const closed = await publishAs(
      ADMIN_TOKEN,
      { routingUrl: url, catalog: catalog('private') },
      clinicalSdl({ queryFields: 'closed: String' }),
      '6.0.0',
    );
    expect(closed.data!.publish.status).toBe('PUBLISHED');
    const rollback = await t.gql<{ rollback: { status: string } }>(
      'mutation($input: RollbackInput!) { rollback(input: $input) { status } }',
      { input: { product: 'clinical', toVersion: '5.0.0' } },
      clinicalToken,
    );
    expect(rollback.errors).toBeUndefined();
    expect(rollback.data!.rollback.status).toBe('PUBLISHED');
    const row = await t.registry.context.db('products').where({ name: 'clinical' }).first();
    const stored = JSON.parse(row.catalog_json as string) as { visibility: string; owner: { team: string } };
    // The schema of 5.0.0 is back; who may read the data is still what the admin set last.
    expect(stored.visibility).toBe('private');
    expect(stored.owner.team).toBe('Clinical data');
  });

  it('an approved new product gets a token before its first publish; tokens re-created with replace do not pile up', async () => {
    const input = { name: 'start:trials', scope: 'PRODUCT', product: 'trials' };
    const early = await t.gql(CREATE_TOKEN, { input });
    expect(early.errors![0]!.extensions!.code).toBe('UNKNOWN_PRODUCT');
    await t.gql(APPROVE, {
      input: { product: 'trials', routingUrl: 'http://trials.test/graphql', visibility: 'private' },
    });
    let secret = '';
    for (let i = 0; i < 3; i += 1) {
      const created = await t.gql<{ createToken: { secret: string } }>(CREATE_TOKEN, {
        input: { ...input, replace: true },
      });
      secret = created.data!.createToken.secret;
    }
    const rows = await t.registry.context.db('tokens').where({ name: 'start:trials' });
    expect(rows).toHaveLength(1);
    const sdl = clinicalSdl()
      .replace(/Patient/g, 'Trial')
      .replace(/patient/g, 'trial')
      .replace(/Diagnosis/g, 'Arm')
      .replace(/diagnos/g, 'arm')
      .replace(/Sex/g, 'Phase')
      .replace(/FEMALE MALE/, 'I II');
    const first = await t.gql<PublishData>(
      PUBLISH,
      publishInput('trials', sdl, '1.0.0', { catalog: { title: 'Trials', visibility: 'private' } }),
      secret,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.publish.status).toBe('PUBLISHED');
  });
});
