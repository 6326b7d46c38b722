import { postRaw } from '@mesh/testing';
import { clinicalSdl, genomicsSdl, LINK } from './fixtures';
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

const CREATE_TOKEN = `mutation($input: CreateTokenInput!) { createToken(input: $input) { secret token { id name scope product } } }`;
const STORED = ['schema_versions', 'version_subgraphs', 'products', 'product_releases', 'blobs'];

describe.each(DATABASES)('access and bad input (%s)', (kind) => {
  let t: TestRegistry;
  let clinicalToken: string;
  let readToken: string;
  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(STORED.map(async (table) => [table, await countRows(t.registry, table)])),
    );

  beforeAll(async () => {
    t = await startTestRegistry(kind, { maxBodyBytes: 64 * 1024 });
    expect(
      (await t.gql<PublishData>(PUBLISH, publishInput('clinical', clinicalSdl(), '1.0.0'))).data!.publish
        .status,
    ).toBe('PUBLISHED');
    expect(
      (await t.gql<PublishData>(PUBLISH, publishInput('genomics', genomicsSdl(), '1.0.0'))).data!.publish
        .status,
    ).toBe('PUBLISHED');
    const created = await t.gql<{
      createToken: { secret: string; token: { scope: string; product: string } };
    }>(CREATE_TOKEN, {
      input: { name: 'clinical CI', scope: 'PRODUCT', product: 'clinical' },
    });
    expect(created.data!.createToken.token).toMatchObject({ scope: 'PRODUCT', product: 'clinical' });
    clinicalToken = created.data!.createToken.secret;
    readToken = (
      await t.gql<{ createToken: { secret: string } }>(CREATE_TOKEN, {
        input: { name: 'analyst', scope: 'READ' },
      })
    ).data!.createToken.secret;
  });
  afterAll(() => t.close());

  it('stores tokens hashed (sha256), never in clear, and audits their creation', async () => {
    const rows = (await t.registry.context.db('tokens').select('token_hash')) as { token_hash: string }[];
    expect(rows.map((r) => r.token_hash)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]),
    );
    const dump = JSON.stringify(await t.registry.context.db('tokens').select('*'));
    expect(dump).not.toContain(clinicalToken);
    const audit = await t.gql<{ auditLog: { action: string }[] }>(
      '{ auditLog(action: "token.create") { action } }',
    );
    expect(audit.data!.auditLog).toHaveLength(2);
  });

  it('a product token publishes its product only; a read token publishes nothing; revoked tokens stop working', async () => {
    const own = await t.gql<PublishData>(
      PUBLISH,
      publishInput('clinical', clinicalSdl({ queryFields: 'note: String' }), '1.1.0'),
      clinicalToken,
    );
    expect(own.data!.publish.status).toBe('PUBLISHED');
    const before = await snapshot();
    const other = await t.gql(
      PUBLISH,
      publishInput('genomics', genomicsSdl({ extraSampleFields: 'x: Int' }), '1.1.0'),
      clinicalToken,
    );
    expect(other.status).toBe(403);
    expect(other.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(other.errors![0]!.message).toContain('cannot change product "genomics"');
    const read = await t.gql(
      PUBLISH,
      publishInput('clinical', clinicalSdl({ queryFields: 'note2: String' }), '1.2.0'),
      readToken,
    );
    expect(read.status).toBe(403);
    const readOk = await t.gql<{ history: { versions: unknown[] } }>(
      '{ history { versions { seq } } }',
      undefined,
      readToken,
    );
    expect(readOk.data!.history.versions.length).toBeGreaterThan(0);
    const tokenAdmin = await t.gql('{ tokens { id } }', undefined, clinicalToken);
    expect(tokenAdmin.status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const tokens = await t.gql<{ tokens: { id: string; name: string }[] }>('{ tokens { id name } }');
    const id = tokens.data!.tokens.find((tk) => tk.name === 'analyst')!.id;
    expect((await t.gql(`mutation { revokeToken(id: "${id}") { revokedAt } }`)).errors).toBeUndefined();
    const revoked = await t.gql('{ history { versions { seq } } }', undefined, readToken);
    expect(revoked.status).toBe(401);
    expect(revoked.errors![0]!.message).toContain('revoked');
  });

  const badCases: [
    string,
    () => Promise<{ status: number; code: unknown; message: string }>,
    number,
    string,
  ][] = [
    [
      'missing token',
      async () => gqlError(await t.gql(PUBLISH, publishInput('clinical', clinicalSdl(), '9.0.0'), null)),
      401,
      'UNAUTHENTICATED',
    ],
    [
      'wrong token',
      async () =>
        gqlError(await t.gql(PUBLISH, publishInput('clinical', clinicalSdl(), '9.0.0'), 'mesh_admin_nope')),
      401,
      'UNAUTHENTICATED',
    ],
    [
      'malformed SDL',
      async () =>
        gqlError(
          await t.gql(PUBLISH, publishInput('clinical', 'type Query { patients: [Patient!]! ', '9.0.0')),
        ),
      400,
      'INVALID_SDL',
    ],
    [
      'invalid federation directives',
      async () =>
        gqlError(
          await t.gql(
            PUBLISH,
            publishInput(
              'clinical',
              `${LINK}\ntype Query { p: P }\ntype P @key(fields: "nope") { id: ID! }`,
              '9.0.0',
            ),
          ),
        ),
      400,
      'INVALID_SUBGRAPH',
    ],
    [
      'unknown product (rollback)',
      async () =>
        gqlError(
          await t.gql('mutation { rollback(input: {product: "nosuch", toVersion: "1.0.0"}) { status } }'),
        ),
      404,
      'UNKNOWN_PRODUCT',
    ],
    [
      'unknown product (token)',
      async () =>
        gqlError(await t.gql(CREATE_TOKEN, { input: { name: 'x', scope: 'PRODUCT', product: 'nosuch' } })),
      404,
      'UNKNOWN_PRODUCT',
    ],
    [
      'not a semantic version',
      async () => gqlError(await t.gql(PUBLISH, publishInput('clinical', clinicalSdl(), 'v2'))),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'payload over the size limit',
      async () => {
        const response = await postRaw(
          t.registry.url,
          JSON.stringify({
            query: PUBLISH,
            variables: publishInput('clinical', `${clinicalSdl()}\n#${'x'.repeat(70_000)}`, '9.0.0'),
          }),
        );
        return {
          status: response.status,
          code: response.json?.errors?.[0]?.extensions?.code,
          message: response.json?.errors?.[0]?.message ?? '',
        };
      },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ];

  it.each(badCases)(
    '%s: a 4xx with a stable code and a clear message, storing nothing',
    async (_name, send, status, code) => {
      const before = await snapshot();
      const response = await send();
      expect(response).toMatchObject({ status, code });
      expect(response.message.length).toBeGreaterThan(20);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('names the problem precisely: the invalid @key field set, the SDL syntax error line', async () => {
    const invalid = await t.gql(
      PUBLISH,
      publishInput(
        'clinical',
        `${LINK}\ntype Query { p: P }\ntype P @key(fields: "nope") { id: ID! }`,
        '9.0.0',
      ),
    );
    expect(invalid.errors![0]!.message).toContain('@key(fields: "nope")');
    expect((invalid.errors![0]!.extensions!.problems as { code: string }[])[0]!.code).toBe(
      'KEY_INVALID_FIELDS',
    );
    const malformed = await t.gql(
      PUBLISH,
      publishInput('clinical', 'type Query {\n  a: Int\n  b: [\n}', '9.0.0'),
    );
    expect(malformed.errors![0]!.message).toMatch(/does not parse: Syntax Error/);
  });

  it('usage ingestion needs a gateway or admin token; an operation with bad coordinates is dropped, not the batch', async () => {
    const post = (body: unknown, token?: string) =>
      fetch(`${t.registry.origin}/usage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    const report = { reports: [{ body: '{ a }', coordinates: ['Query.a'], count: 1 }] };
    expect((await post(report)).status).toBe(401);
    expect((await post(report, clinicalToken)).status).toBe(403);
    const bad = await post(
      { reports: [{ body: '{ a }', coordinates: ['not a coordinate!'], count: 1 }] },
      ADMIN_TOKEN,
    );
    expect(bad.status).toBe(202);
    expect(await bad.json()).toMatchObject({ accepted: 0, dropped: 1 });
    expect(await countRows(t.registry, 'operations')).toBe(0);
    expect((await post({ reports: 'nope' }, ADMIN_TOKEN)).status).toBe(400);
    expect((await post(report, ADMIN_TOKEN)).status).toBe(202);
    expect(await countRows(t.registry, 'operations')).toBe(1);
  });
});

function gqlError(response: {
  status: number;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}) {
  return {
    status: response.status,
    code: response.errors?.[0]?.extensions?.code,
    message: response.errors?.[0]?.message ?? '',
  };
}
