import { Agent, fetch as undiciFetch } from 'undici';

export type SubgraphFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{
  status: number;
  json(): Promise<unknown>;
}>;

/**
 * One keep-alive connection pool for all product calls: no TCP handshake per subgraph fetch. Idle
 * sockets close before the products' own keep-alive timeout, so a reused socket is never half-closed.
 */
export function createSubgraphAgent(options: { timeoutMs: number }) {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    connections: 64,
    pipelining: 1,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
}

export function createSubgraphFetch(agent: Agent) {
  return ((url: string, init: Record<string, unknown>) =>
    undiciFetch(url, { ...init, dispatcher: agent } as Parameters<
      typeof undiciFetch
    >[1])) as unknown as SubgraphFetch;
}
