import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { startClinical } from '@mesh/clinical';
import { startGateway, type RunningGateway } from '@mesh/gateway';
import { createLogger, IDENTITY_HEADER, readRequestBody, type RunningProduct } from '@mesh/product-kit';
import { asUser, createTestSnapshots, demoToken, graphql, waitForHealthy, waitUntil } from '@mesh/testing';
import { startTrials } from '@mesh/trials';

/** What the gateway sent to clinical, as a hijacked hop (a recording proxy) would see it. */
interface Captured {
  header: string;
  body: string;
}

/** A transparent proxy in front of a product that keeps every signed request it forwards. */
async function recordingProxy(target: string) {
  const captured: Captured[] = [];
  const proxy = {
    /** When set, a signed request waits for it before it is forwarded. */
    hold: undefined as (() => Promise<void>) | undefined,
  };
  const server = http.createServer(async (req: IncomingMessage, res) => {
    const body = req.method === 'POST' ? await readRequestBody(req, 64 * 1_048_576) : undefined;
    const header = req.headers[IDENTITY_HEADER];
    if (typeof header === 'string' && body !== undefined) {
      captured.push({ header, body });
      // A hold that gives up only delays the fetch: the test's own assertions say what went wrong.
      await proxy.hold?.().catch(() => undefined);
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !['host', 'content-length', 'connection'].includes(name),
      ),
    ) as Record<string, string>;
    const answer = await request(`${target}${req.url}`, { method: req.method as 'GET', headers, body });
    res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? '') });
    res.end(Buffer.from(await answer.body.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(proxy, {
    origin,
    captured,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function send(url: string, body: string, header: string) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: header },
    body,
  });
  const answer = (await response.body.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
  return { status: response.statusCode, extensions: answer.errors?.[0]?.extensions };
}

describe('a signed identity is good for one hop only', () => {
  let snapshots: Awaited<ReturnType<typeof createTestSnapshots>>;
  let clinical: RunningProduct;
  let trials: RunningProduct;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let gateway: RunningGateway;
  const LIFETIME_SECONDS = 2;

  beforeAll(async () => {
    snapshots = await createTestSnapshots();
    const options = { port: 0, host: '127.0.0.1', identityClockSkewSeconds: 0 };
    clinical = await startClinical({
      ...options,
      databaseFile: snapshots.clinical,
      logger: createLogger('clinical', 'silent'),
    });
    trials = await startTrials({
      ...options,
      databaseFile: snapshots.trials,
      logger: createLogger('trials', 'silent'),
    });
    proxy = await recordingProxy(clinical.origin);
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [
        { name: 'clinical', url: `${proxy.origin}/graphql` },
        { name: 'trials', url: trials.url },
      ],
      auth: { identityLifetimeSeconds: LIFETIME_SECONDS },
      logger: createLogger('gateway', 'silent'),
    });
    await waitForHealthy(`${gateway.origin}/ready`);
  });
  afterAll(async () => {
    await gateway.close();
    await proxy.close();
    await clinical.close();
    await trials.close();
    snapshots.remove();
  });

  /** carol (clinician) asks the gateway for identifying data; the proxy keeps what went to clinical. */
  async function captureCarol(): Promise<Captured> {
    const before = proxy.captured.length;
    const answer = await graphql(
      gateway.url,
      '{ patients(first: 3) { nodes { id birthYear } } }',
      {},
      await asUser('carol'),
    );
    expect(answer.errors).toBeUndefined();
    const captured = proxy.captured.slice(before).find((c) => c.body.includes('birthYear'));
    expect(captured).toBeDefined();
    return captured!;
  }

  it('is refused by another product, by /bulk, for another body and a second time', async () => {
    const { header, body } = await captureCarol();
    const other = JSON.stringify({ query: '{ patients(first: 2000) { nodes { id birthYear } } }' });

    expect(await send(trials.url, body, header)).toEqual({
      status: 401,
      extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', reason: 'IDENTITY_AUDIENCE' }),
    });
    const bulk = JSON.stringify({
      query: '{ patients { nodes { id birthYear } } }',
      listPath: ['patients', 'nodes'],
      columns: [
        { name: 'id', path: ['id'] },
        { name: 'birthYear', path: ['birthYear'] },
      ],
      format: 'csv',
      all: true,
    });
    expect(await send(`${clinical.origin}/bulk`, bulk, header)).toEqual({
      status: 401,
      extensions: expect.objectContaining({ code: 'UNAUTHENTICATED', reason: 'IDENTITY_REQUEST_MISMATCH' }),
    });
    // Even the very body the gateway signed it for, sent to /bulk: the endpoint is part of the digest.
    expect(await send(`${clinical.origin}/bulk`, body, header)).toMatchObject({
      status: 401,
      extensions: { reason: 'IDENTITY_REQUEST_MISMATCH' },
    });
    expect(await send(clinical.url, other, header)).toMatchObject({
      status: 401,
      extensions: { code: 'UNAUTHENTICATED', reason: 'IDENTITY_REQUEST_MISMATCH' },
    });
    // The same request again: clinical already admitted this nonce when the gateway sent it.
    expect(await send(clinical.url, body, header)).toMatchObject({
      status: 401,
      extensions: { code: 'UNAUTHENTICATED', reason: 'IDENTITY_REPLAYED' },
    });
  });

  it('does not stop outbound de-duplication: the same caller still shares one fetch, both answers right', async () => {
    // Two tokens of carol (different expiry): the gateway's inbound de-duplication, keyed on Authorization,
    // does not merge them; the identical clinical fetch is shared below it, though each is signed anew.
    const tokens = [await demoToken('carol', 3600), await demoToken('carol', 3601)];
    const query = '{ patients(first: 4) { nodes { id birthYear } } }';
    const shared = gateway.stats.outbound.shared;
    const before = proxy.captured.length;
    // The first fetch is held at the proxy until the second has joined it (bounded: fails if it never does).
    proxy.hold = () =>
      waitUntil(
        'the second fetch shares the first',
        async () => (gateway.stats.outbound.shared > shared ? true : undefined),
        { timeoutMs: 5_000 },
      ).then(() => undefined);
    try {
      const answers = await Promise.all(
        tokens.map((token) =>
          graphql<{ patients: { nodes: { id: string; birthYear: number | null }[] } }>(
            gateway.url,
            query,
            {},
            { authorization: `Bearer ${token}` },
          ),
        ),
      );
      for (const answer of answers) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data?.patients.nodes).toHaveLength(4);
        for (const node of answer.data!.patients.nodes) expect(node.birthYear).toEqual(expect.any(Number));
      }
      expect(answers[1]!.data).toEqual(answers[0]!.data);
      expect(gateway.stats.outbound.shared).toBe(shared + 1);
      expect(
        proxy.captured.slice(before).filter((c) => c.body.includes('first:4') || c.body.includes('first: 4')),
      ).toHaveLength(1);
    } finally {
      proxy.hold = undefined;
    }
  });

  it('is refused once its lifetime is over', async () => {
    const { header, body } = await captureCarol();
    const refusal = await waitUntil(
      'the captured identity expires',
      async () => {
        const answer = await send(clinical.url, body, header);
        return answer.extensions?.reason === 'IDENTITY_EXPIRED' ? answer : undefined;
      },
      { timeoutMs: (LIFETIME_SECONDS + 5) * 1000 },
    );
    expect(refusal.status).toBe(401);
    // Meanwhile the gateway signs fresh identities: carol is still served.
    await captureCarol();
  });
});
