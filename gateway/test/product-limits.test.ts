import { request } from 'undici';
import { asUser, productIdentity, startLocalMesh, type LocalMesh } from '@mesh/testing';

/** POSTs a raw body; status, first error's extensions and how long it took. */
async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.body.text();
  const answer = JSON.parse(text) as { errors?: { extensions?: Record<string, unknown> }[] };
  return {
    status: response.statusCode,
    extensions: answer.errors?.[0]?.extensions,
    ms: performance.now() - started,
  };
}

/** `{ a0: patients(first: 1000) { … } a1: … }`: the request that once held a product for 40 s. */
function manyAliases(count: number): string {
  const fields = Array.from(
    { length: count },
    (_, i) => `a${i}: patients(first: 1000) { nodes { id sex birthYear } }`,
  );
  return JSON.stringify({ query: `{ ${fields.join(' ')} }` });
}

/** Cohort criteria as a chain of `not`, `levels` deep. */
function notChain(levels: number): string {
  let criteria = '{"diagnosis":"C50"}';
  for (let i = 0; i < levels; i++) criteria = `{"not":${criteria}}`;
  return criteria;
}

const COHORT = 'query ($c: CohortCriteria!) { cohort(criteria: $c) { size } }';

describe('products have query limits of their own', () => {
  let mesh: LocalMesh;
  beforeAll(async () => {
    mesh = await startLocalMesh({ workspace: true });
  });
  afterAll(async () => {
    await mesh.close();
  });

  it('refuses 20,000 aliases × first: 1000 sent straight to a product: fast, 4xx, memory flat', async () => {
    const rssBefore = process.memoryUsage().rss;
    const body = manyAliases(20_000);
    expect(body.length).toBeGreaterThan(1_048_576);
    // Direct: the gateway's client body limit.
    const direct = await post(mesh.clinical.url, body);
    expect(direct).toMatchObject({ status: 413, extensions: { code: 'PAYLOAD_TOO_LARGE' } });
    // Signed as a gateway hop, the body may be larger, but the query limits still hold.
    const hop = await (await productIdentity('ada'))({ url: mesh.clinical.url, body });
    const signed = await post(mesh.clinical.url, body, hop);
    expect(signed).toMatchObject({ status: 400, extensions: { code: 'TOO_MANY_TOKENS' } });
    // Under the body limit: still refused before anything runs.
    const smaller = await post(mesh.clinical.url, manyAliases(3_000));
    expect(smaller).toMatchObject({ status: 400, extensions: { code: 'TOO_MANY_TOKENS' } });
    const aliases = await post(mesh.clinical.url, manyAliases(40));
    expect(aliases).toMatchObject({ status: 400, extensions: { code: 'TOO_MANY_ALIASES' } });
    for (const answer of [direct, signed, smaller, aliases]) expect(answer.ms).toBeLessThan(2_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(50 * 1_048_576);
  });

  it('lets a verified gateway hop send a body above the direct limit (entity fetches of whole cohorts)', async () => {
    const representations = Array.from({ length: 40_000 }, (_, i) => ({
      __typename: 'Patient',
      id: `PAT-${String((i % 2_000) + 1).padStart(6, '0')}`,
    }));
    const body = JSON.stringify({
      query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id } } }',
      variables: { r: representations },
    });
    expect(body.length).toBeGreaterThan(1_048_576);
    expect(await post(mesh.clinical.url, body)).toMatchObject({
      status: 413,
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
    const hop = await (await productIdentity('ada'))({ url: mesh.clinical.url, body });
    const response = await request(mesh.clinical.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...hop },
      body,
    });
    expect(response.statusCode).toBe(200);
    const answer = (await response.body.json()) as {
      data: { _entities: { id: string }[] };
      errors?: unknown;
    };
    expect(answer.errors).toBeUndefined();
    expect(answer.data._entities).toHaveLength(40_000);
  });

  it('refuses a costly query sent straight to a product, as the gateway would', async () => {
    const costly = JSON.stringify({
      query: '{ patients(first: 1000) { nodes { labs(first: 1000) { value } diagnoses { code } } } }',
    });
    const answer = await post(mesh.clinical.url, costly);
    expect(answer).toMatchObject({ status: 400, extensions: { code: 'QUERY_TOO_COMPLEX' } });
  });

  it('refuses variables nested 10,000 levels with 400 TOO_DEEP at the gateway, a product and /export', async () => {
    const body = `{"query":${JSON.stringify(COHORT)},"variables":{"c":${notChain(10_000)}}}`;
    const expected = { status: 400, extensions: { code: 'BAD_REQUEST', reason: 'TOO_DEEP' } };
    expect(await post(mesh.gateway.url, body, await asUser('ada'))).toMatchObject(expected);
    expect(await post(mesh.clinical.url, body)).toMatchObject(expected);
    const hop = await (await productIdentity('ada'))({ url: mesh.clinical.url, body });
    expect(await post(mesh.clinical.url, body, hop)).toMatchObject(expected);
    const exported = await request(`${mesh.gateway.origin}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser('ada')) },
      body: `{"query":${JSON.stringify(COHORT)},"format":"csv","variables":{"c":${notChain(10_000)}}}`,
    });
    expect(exported.statusCode).toBe(400);
    expect(await exported.body.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('still answers ordinary nesting of cohort criteria', async () => {
    // The cohort parser's own rule (8 levels) answers deeper ones with BAD_USER_INPUT, as before.
    const body = `{"query":${JSON.stringify(COHORT)},"variables":{"c":${notChain(6)}}}`;
    const answer = await request(mesh.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asUser('ada')) },
      body,
    });
    expect(answer.statusCode).toBe(200);
    expect(await answer.body.json()).toMatchObject({ data: { cohort: { size: expect.any(Number) } } });
  });

  it('refuses a 10,000-level JSON body to the workspace and to /bulk with 400 TOO_DEEP', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(await post(mesh.workspace!.url, deep)).toMatchObject({
      status: 400,
      extensions: { code: 'BAD_REQUEST', reason: 'TOO_DEEP' },
    });
    expect(await post(`${mesh.clinical.origin}/bulk`, deep)).toMatchObject({
      status: 400,
      extensions: { code: 'BAD_REQUEST', reason: 'TOO_DEEP' },
    });
  });
});
