import { clinicalSdl, genomicsSdl } from './fixtures';
import {
  countRows,
  DATABASES,
  PUBLISH,
  publishInput,
  startTestRegistry,
  type PublishData,
  type TestRegistry,
} from './support';

const REPORT_USAGE = async (
  t: TestRegistry,
  body: string,
  coordinates: string[],
  client = { name: 'web', version: '3.2.0' },
) => {
  const response = await fetch(`${t.registry.origin}/usage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-admin-token-0123456789' },
    body: JSON.stringify({
      reports: [
        { operationName: /query (\w+)/.exec(body)?.[1] ?? null, body, client, coordinates, count: 7 },
      ],
    }),
  });
  expect(response.status).toBe(202);
};

describe.each(DATABASES)('publish and checks (%s)', (kind) => {
  let t: TestRegistry;
  const publish = (product: string, sdl: string, version: string, extra: Record<string, unknown> = {}) =>
    t.gql<PublishData>(PUBLISH, publishInput(product, sdl, version, extra)).then((r) => {
      expect(r.errors).toBeUndefined();
      return r.data!.publish;
    });
  const head = async () => {
    const response = await fetch(`${t.registry.origin}/supergraph`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    return { status: response.status, etag: response.headers.get('etag'), body: await response.text() };
  };

  beforeAll(async () => {
    t = await startTestRegistry(kind);
  });
  afterAll(() => t.close());

  it('publishes immutable versions with content-hash ids and serves the supergraph with an ETag', async () => {
    expect((await head()).status).toBe(404);
    const first = await publish('clinical', clinicalSdl(), '1.0.0');
    expect(first).toMatchObject({ status: 'PUBLISHED', version: { seq: 1, productVersion: '1.0.0' } });
    expect(first.version!.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const second = await publish('genomics', genomicsSdl(), '1.0.0', { dataVersion: 'sha256:data-1' });
    expect(second).toMatchObject({ status: 'PUBLISHED', version: { seq: 2 } });
    const served = await head();
    expect(served.etag).toBe(`"${second.version!.id}"`);
    expect(served.body).toContain('join__Graph');
    expect(served.body).toContain(
      'GENOMICS @join__graph(name: "genomics", url: "http://genomics.test/graphql")',
    );
    const notModified = await fetch(`${t.registry.origin}/supergraph`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789', 'if-none-match': served.etag! },
    });
    expect(notModified.status).toBe(304);
  });

  it('treats an identical schema as a no-op that says so and stores nothing; a new data version is recorded as metadata (PUBLISHED)', async () => {
    const versionsBefore = await countRows(t.registry, 'schema_versions');
    const same = await publish('genomics', genomicsSdl(), '1.0.0', { dataVersion: 'sha256:data-1' });
    expect(same.status).toBe('UNCHANGED');
    expect(same.message).toMatch(/identical to the current one .* nothing to do/);
    const newData = await publish('genomics', genomicsSdl(), '1.0.0', { dataVersion: 'sha256:data-2' });
    // Something was stored, so the answer is not UNCHANGED.
    expect(newData.status).toBe('PUBLISHED');
    expect(newData.message).toContain(
      'Recorded genomics 1.0.0 with data version sha256:data-2 as product metadata',
    );
    expect(await countRows(t.registry, 'schema_versions')).toBe(versionsBefore);
    const product = await t.gql<{ product: { currentDataVersion: string } }>(
      '{ product(name: "genomics") { currentDataVersion } }',
    );
    expect(product.data!.product.currentDataVersion).toBe('sha256:data-2');
  });

  it('rejects a non-composing publish with every composition error and serves nothing new', async () => {
    const before = await head();
    const rejected = await publish('genomics', genomicsSdl({ ageType: 'String!' }), '1.1.0');
    expect(rejected).toMatchObject({ status: 'REJECTED', code: 'COMPOSITION_FAILED', version: null });
    const codes = rejected.check!.composition.errors.map((e) => e.code).sort();
    expect(codes).toEqual(['FIELD_TYPE_MISMATCH', 'INVALID_FIELD_SHARING']);
    expect(rejected.check!.composition.errors[0]!.message).toContain('Patient.age');
    expect(rejected.message).toContain('the gateway keeps the current supergraph');
    expect(await head()).toEqual(before);
    const audit = await t.gql<{ auditLog: { action: string; result: string; product: string }[] }>(
      '{ auditLog(first: 1) { action result product } }',
    );
    expect(audit.data!.auditLog[0]).toEqual({ action: 'publish', result: 'rejected', product: 'genomics' });
  });

  it('blocks a breaking change that clients use, naming operations and clients; passes it with a major version or force + reason', async () => {
    await REPORT_USAGE(t, 'query PatientAges { patients { id age } }', [
      'Query.patients',
      'Patient.id',
      'Patient.age',
    ]);
    const before = await head();
    const blocked = await publish('clinical', clinicalSdl({ withAge: false }), '1.1.0');
    expect(blocked).toMatchObject({ status: 'REJECTED', code: 'BREAKING_CHANGE' });
    const change = blocked.check!.changes.find((c) => c.path === 'Patient.age')!;
    expect(change).toMatchObject({ type: 'FIELD_REMOVED', criticality: 'BREAKING', usage: { safe: false } });
    expect(change.usage!.operations).toEqual([
      { name: 'PatientAges', count: 7, clients: [{ name: 'web', version: '3.2.0', count: 7 }] },
    ]);
    expect(blocked.message).toContain('Patient.age');
    expect(blocked.message).toContain('--force');
    expect(await head()).toEqual(before);

    const noReason = await t.gql(
      PUBLISH,
      publishInput('clinical', clinicalSdl({ withAge: false }), '1.1.0', { force: true }),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });

    const check = await t.gql<{ check: { status: string; code: string } }>(
      'mutation($input: CheckInput!) { check(input: $input) { status code } }',
      { input: { product: 'clinical', sdl: clinicalSdl({ withAge: false }), version: '2.0.0' } },
    );
    expect(check.data!.check).toEqual({ status: 'PASSED', code: null });

    const forced = await publish('clinical', clinicalSdl({ withAge: false }), '1.1.0', {
      force: true,
      reason: 'age moves to the demographics product',
    });
    expect(forced).toMatchObject({
      status: 'PUBLISHED',
      version: { forced: true, reason: 'age moves to the demographics product' },
      check: { policy: { basis: 'forced' } },
    });
    const audit = await t.gql<{
      auditLog: { action: string; result: string; details: { reason?: string } }[];
    }>('{ auditLog(product: "clinical", first: 3) { action result details } }');
    expect(audit.data!.auditLog.map((e) => e.action)).toEqual(['force', 'publish', 'check']);
    expect(audit.data!.auditLog[0]!.details.reason).toBe('age moves to the demographics product');

    const major = await publish('clinical', clinicalSdl({ withAge: true }), '1.2.0');
    expect(major.status).toBe('PUBLISHED');
    const majorBreak = await publish(
      'clinical',
      clinicalSdl({ withAge: false, extraPatientFields: 'ageInYears: Int' }),
      '2.0.0',
    );
    expect(majorBreak).toMatchObject({ status: 'PUBLISHED', check: { policy: { basis: 'major-version' } } });
  });

  it('passes a breaking change no reported operation uses, and says why', async () => {
    const safe = await publish('clinical', clinicalSdl({ withAge: false, extraPatientFields: '' }), '2.1.0');
    expect(safe).toMatchObject({
      status: 'PUBLISHED',
      check: { policy: { allowed: true, basis: 'usage-safe' } },
    });
    const change = safe.check!.changes.find((c) => c.path === 'Patient.ageInYears')!;
    expect(change).toMatchObject({ criticality: 'BREAKING', usage: { safe: true, operations: [] } });
    expect(change.usage!.reason).toBe(
      'No operation reported in the last 30 days uses Patient.ageInYears (1 operation(s) reported in that window).',
    );
  });

  it('refuses to reuse a product version for a different schema', async () => {
    const reused = await t.gql(
      PUBLISH,
      publishInput('clinical', clinicalSdl({ queryFields: 'count: Int' }), '2.1.0'),
    );
    expect(reused.status).toBe(409);
    expect(reused.errors![0]!.extensions!.code).toBe('VERSION_CONFLICT');
  });
});
