import { Pool } from 'undici';
import { startLocalMesh, type LocalMesh } from '@mesh/testing';

// Heavy enough (1,000 patients, their samples and expression) that 20 requests arrive while it executes.
const QUERY = `query Cohort($genes: [String!]!) {
  patients(first: 1000) { nodes { id age samples { id expression(genes: $genes) { value } } } }
}`;
const VARIABLES = { genes: ['TP53', 'EGFR', 'MKI67'] };

describe('in-flight de-duplication of identical queries', () => {
  let mesh: LocalMesh;
  let pool: Pool;
  beforeAll(async () => {
    mesh = await startLocalMesh();
    pool = new Pool(mesh.gateway.origin, { connections: 40 });
    // Client and mesh share this process: open the sockets first, so 20 requests leave in one tick and
    // arrive together instead of one per turn of the event loop while the products compute.
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const response = await pool.request({ path: '/health', method: 'GET' });
        await response.body.dump();
      }),
    );
  });
  afterAll(async () => {
    await pool.close();
    await mesh.close();
  });

  const fetches = () => ({
    clinical: mesh.gateway.stats.subgraphFetches.clinical?.total ?? 0,
    genomics: mesh.gateway.stats.subgraphFetches.genomics?.total ?? 0,
  });
  // clinical and genomics are private: every request is signed in, as ada unless it says otherwise.
  const post = async (headers: Record<string, string> = mesh.as.ada) => {
    const response = await pool.request({
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: QUERY, variables: VARIABLES }),
    });
    return { status: response.statusCode, body: await response.body.text() };
  };
  const delta = (before: ReturnType<typeof fetches>) => {
    const after = fetches();
    return { clinical: after.clinical - before.clinical, genomics: after.genomics - before.genomics };
  };

  it('20 concurrent identical requests share one execution: one fetch per product', async () => {
    await post(); // warm the query plan cache, so all 20 reach execution together
    const before = fetches();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post()));
    expect(delta(before)).toEqual({ clinical: 1, genomics: 1 });
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // Every caller gets the whole answer, provenance included.
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    const body = JSON.parse(answers[0]!.body) as {
      data: { patients: { nodes: unknown[] } };
      extensions: { dataProducts: Record<string, unknown> };
    };
    expect(body.data.patients.nodes).toHaveLength(1000);
    expect(Object.keys(body.extensions.dataProducts).sort()).toEqual(['clinical', 'genomics']);
  });

  it('requests with different Authorization headers never share', async () => {
    // Two callers with the same role and scopes, but different credentials: still two executions.
    const callers = [mesh.as.alice, mesh.as.bob];
    await Promise.all(callers.map((headers) => post(headers))); // warm their authorization plans
    const before = fetches();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(callers[i % 2]!)));
    expect(delta(before)).toEqual({ clinical: 2, genomics: 2 });
    expect(answers.every((answer) => answer.status === 200 && !answer.body.includes('"errors"'))).toBe(true);
  });

  it('sequential identical requests each execute (no caching)', async () => {
    const before = fetches();
    await post();
    await post();
    expect(delta(before)).toEqual({ clinical: 2, genomics: 2 });
  });
});
