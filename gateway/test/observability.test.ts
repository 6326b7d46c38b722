import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { createIdentityVerifier, DEV_IDENTITY_SECRET } from '@mesh/product-kit';
import { graphql, startLocalMesh, type LocalMesh } from '@mesh/testing';

/*
 * /metrics after real traffic, and W3C trace context from the client through the gateway to each product,
 * observed at the products' own HTTP servers (node's diagnostics channel for incoming requests).
 */
describe('gateway observability', () => {
  let mesh: LocalMesh;
  beforeAll(async () => {
    mesh = await startLocalMesh();
  });
  afterAll(() => mesh.close());

  it('exposes request, latency, subgraph, error, supergraph and breaker series in Prometheus text format', async () => {
    // clinical and genomics are private: a signed-in caller, so the operation succeeds.
    await graphql(
      mesh.gateway.url,
      'query PatientWithSamples { patient(id: "PAT-000010") { id samples { id } } }',
      undefined,
      mesh.as.ada,
    );
    await graphql(mesh.gateway.url, '{ clinicalProduct { name } }');
    await graphql(mesh.gateway.url, 'query Unknown { shoeSize }');
    const response = await fetch(`${mesh.gateway.origin}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE gateway_requests_total counter');
    expect(text).toMatch(/gateway_requests_total\{operation="PatientWithSamples",outcome="success"\} 1\n/);
    expect(text).toMatch(/gateway_requests_total\{operation="anonymous",outcome="success"\} \d+\n/);
    expect(text).toMatch(/gateway_requests_total\{operation="Unknown",outcome="error"\} 1\n/);
    expect(text).toMatch(
      /gateway_request_duration_seconds_bucket\{operation="PatientWithSamples",le="\+Inf"\} 1\n/,
    );
    expect(text).toMatch(/gateway_subgraph_fetch_duration_seconds_count\{subgraph="genomics"\} [1-9]\d*\n/);
    expect(text).toMatch(/gateway_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} 1\n/);
    expect(text).toMatch(/gateway_supergraph_info\{id="[0-9a-f]{16}"\} 1\n/);
    expect(text).toMatch(/gateway_subgraph_breaker_state\{subgraph="clinical"\} 0\n/);
  });

  it('counts /export streams by path, format and outcome', async () => {
    const exportCsv = async (extra: Record<string, unknown>) => {
      const response = await fetch(`${mesh.gateway.origin}/export`, {
        method: 'POST',
        headers: { ...mesh.as.ada, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ patients(first: 5) { nodes { id age } } }', ...extra }),
      });
      expect(response.status).toBe(200);
      await response.text();
      return response.headers.get('x-export-path');
    };
    expect(await exportCsv({})).toBe('bulk');
    expect(await exportCsv({ bulk: false })).toBe('graphql');
    expect(await exportCsv({ bulk: false, format: 'ndjson' })).toBe('graphql');
    const text = await (await fetch(`${mesh.gateway.origin}/metrics`)).text();
    expect(text).toContain('# TYPE gateway_exports_total counter');
    expect(text).toMatch(/gateway_exports_total\{path="bulk",format="csv",outcome="done"\} 1\n/);
    expect(text).toMatch(/gateway_exports_total\{path="graphql",format="csv",outcome="done"\} 1\n/);
    expect(text).toMatch(/gateway_exports_total\{path="graphql",format="ndjson",outcome="done"\} 1\n/);
  });

  it('forwards the caller trace to every product fetch, each with a new span id', async () => {
    const seen: { port: number; traceparent?: string; requestId?: string; identity?: string }[] = [];
    const onRequest = (message: unknown) => {
      const { request, server } = message as {
        request: IncomingMessage;
        server: { address(): { port: number } };
      };
      seen.push({
        port: server.address().port,
        traceparent: request.headers.traceparent as string | undefined,
        requestId: request.headers['x-request-id'] as string | undefined,
        identity: request.headers['x-mesh-identity'] as string | undefined,
      });
    };
    subscribe('http.server.request.start', onRequest);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const parent = 'b7ad6b7169203331';
    try {
      await graphql(mesh.gateway.url, '{ patient(id: "PAT-000010") { id samples { id } } }', undefined, {
        ...mesh.as.ada,
        traceparent: `00-${traceId}-${parent}-01`,
        'x-request-id': 'trace-test-1',
      });
      await graphql(mesh.gateway.url, '{ clinicalProduct { name } }', undefined, {
        'x-request-id': 'trace-test-2',
      });
    } finally {
      unsubscribe('http.server.request.start', onRequest);
    }
    const port = (origin: string) => Number(new URL(origin).port);
    const traced = seen.filter((s) => s.requestId === 'trace-test-1' && s.port !== port(mesh.gateway.origin));
    expect(traced.map((s) => s.port).sort()).toEqual(
      [port(mesh.clinical.origin), port(mesh.genomics.origin)].sort(),
    );
    const spans = traced.map((s) => {
      const [version, trace, span, flags] = s.traceparent!.split('-');
      expect({ version, trace, flags }).toEqual({ version: '00', trace: traceId, flags: '01' });
      return span;
    });
    expect(new Set(spans).size).toBe(2);
    // Each product fetch also carries the caller, signed by the gateway for that product.
    const audienceOf = (p: number) => (p === port(mesh.clinical.origin) ? 'clinical' : 'genomics');
    for (const s of traced) {
      const verifier = createIdentityVerifier({ secret: DEV_IDENTITY_SECRET, audience: audienceOf(s.port) });
      expect(verifier.open(s.identity)?.caller).toMatchObject({ kind: 'user', subject: 'ada' });
    }
    expect(spans).not.toContain(parent);
    // Without a traceparent the gateway starts a trace of its own.
    const started = seen.find((s) => s.requestId === 'trace-test-2' && s.port === port(mesh.clinical.origin));
    expect(started?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(started?.traceparent).not.toContain(traceId);
  });
});
