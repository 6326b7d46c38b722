import { request } from 'undici';
import { createLogger } from '@mesh/product-kit';
import { startLocalMesh, type LocalMesh } from '@mesh/testing';
import { startGateway, type RunningGateway } from '../src';

/**
 * The gateway's plan executor against Apollo Gateway's, end to end: two gateways on the same products (one
 * with QUERY_PLAN_EXECUTOR=apollo) answer the same corpus — cross-product queries, @requires, fragments,
 * refused fields for each role, product errors, invalid variables, a product down — byte for byte alike.
 */

interface Case {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

const CORPUS: Record<string, Case> = {
  'patients with samples and expression': {
    query: `query Cohort($diagnosis: String!, $genes: [String!]!, $first: Int!) {
      patients(filter: { diagnosis: $diagnosis }, first: $first) {
        totalCount
        nodes { id age sex diagnoses { code display } samples { id type expression(genes: $genes) { gene { symbol } value } } }
      }
    }`,
    variables: { diagnosis: 'E11', genes: ['TP53', 'EGFR'], first: 20 },
  },
  'refused fields across products': {
    query: `{ patients(first: 5) { nodes { id birthYear variants { id } samples { id variants { proteinChange } } } } }`,
  },
  'samples to their patients (genomics, then clinical)': {
    query: `{ samples(first: 8) { nodes { id type patient { id age diagnoses { code } } } } }`,
  },
  '@requires across products (cohort sample count)': {
    query: `{ cohort(criteria: { diagnosis: "E11", ageMin: 40 }, name: "T2D over 40") { id name size sampleCount(type: TUMOR) } }`,
  },
  'fragments, aliases and @include': {
    query: `query X($withSamples: Boolean!) {
      first: patients(first: 3) { nodes { ...Who samples @include(if: $withSamples) { id } } }
      genes(search: "TP", first: 3) { totalCount nodes { symbol name } }
    }
    fragment Who on Patient { id sex years: age }`,
    variables: { withSamples: true },
  },
  'one operation of several': {
    query: `query A { trials { id } } query B { trials { id title enrolmentCount arms { __typename } } }`,
    operationName: 'B',
  },
  'a product refuses its arguments': {
    query: `{ patients(first: -5) { totalCount } trials { id } }`,
  },
  'nothing found': { query: `{ patient(id: "no-such-patient") { id } sample(id: "none") { id } }` },
  'variables of the wrong type': {
    query: `query Q($first: Int!) { patients(first: $first) { totalCount } }`,
    variables: { first: 'many' },
  },
};

async function ask(gateway: RunningGateway, body: Case, headers: Record<string, string>) {
  const response = await request(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, body: await response.body.text() };
}

describe('plan executor: same answers as Apollo Gateway over the real products', () => {
  let mesh: LocalMesh;
  let apollo: RunningGateway;
  const callers = () =>
    ({ ada: mesh.as.ada, bob: mesh.as.bob, alice: mesh.as.alice, anonymous: {} }) as Record<
      string,
      Record<string, string>
    >;

  beforeAll(async () => {
    mesh = await startLocalMesh();
    apollo = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [
        { name: 'clinical', url: mesh.clinical.url },
        { name: 'genomics', url: mesh.genomics.url },
        { name: 'trials', url: mesh.trials.url },
      ],
      logger: createLogger('gateway', 'silent'),
      queryPlanExecutor: 'apollo',
    });
  });
  afterAll(async () => {
    await apollo?.close();
    await mesh?.close();
  });

  const cases = Object.keys(CORPUS).flatMap((name) =>
    ['ada', 'bob', 'alice', 'anonymous'].map((caller) => [name, caller] as const),
  );
  it.each(cases)('%s, as %s', async (name, caller) => {
    const body = CORPUS[name]!;
    const headers = callers()[caller]!;
    const before = { ...mesh.gateway.stats.plans };
    const [ours, theirs] = await Promise.all([ask(mesh.gateway, body, headers), ask(apollo, body, headers)]);
    expect(ours).toEqual(theirs);
    // Ours ran it (or, for invalid variables, refused it before execution, as Apollo's does).
    expect(mesh.gateway.stats.plans.delegated).toBe(before.delegated);
    expect(apollo.stats.plans.executed).toBe(0);
  });

  it('answers the corpus with data, not only errors (the comparison has substance)', async () => {
    const answer = JSON.parse(
      (await ask(mesh.gateway, CORPUS['patients with samples and expression']!, mesh.as.ada)).body,
    ) as { data: { patients: { nodes: { samples: { expression: unknown[] }[] }[] } } };
    const nodes = answer.data.patients.nodes;
    expect(nodes.length).toBe(20);
    expect(nodes.some((patient) => patient.samples.some((sample) => sample.expression.length === 2))).toBe(
      true,
    );
  });

  it('answers alike while a product is down, and after it is back', async () => {
    const body = { query: `{ trials { id title } patients(first: 2) { nodes { id } } }` };
    await mesh.trials.close();
    const [ours, theirs] = await Promise.all([
      ask(mesh.gateway, body, mesh.as.ada),
      ask(apollo, body, mesh.as.ada),
    ]);
    expect(ours.body).toContain('PRODUCT_UNAVAILABLE');
    expect(JSON.parse(ours.body)).toEqual(JSON.parse(theirs.body));
    await mesh.restart('trials');
    const [back, backTheirs] = await Promise.all([
      ask(mesh.gateway, body, mesh.as.ada),
      ask(apollo, body, mesh.as.ada),
    ]);
    expect(back.body).not.toContain('errors');
    expect(back).toEqual(backTheirs);
  });
});
