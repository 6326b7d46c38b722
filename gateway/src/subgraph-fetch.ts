import { STATUS_CODES } from 'node:http';
import { Agent } from 'undici';

/** What the gateway reads of a product's answer (a small subset of the Fetch API's Response). */
export interface SubgraphResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export type SubgraphFetch = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string;
    signal?: AbortSignal;
    /** Who the fetch is for (the caller, not its per-request signed header): outbound de-duplication's key. */
    shareKey?: string;
  },
) => Promise<SubgraphResponse>;

/** A product's answer, read in full: shareable between callers (outbound de-duplication). */
export interface BufferedAnswer {
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A fresh response over a buffered answer; `json()` parses per call, so no caller sees another's objects. */
export function responseOf(answer: BufferedAnswer): SubgraphResponse {
  return {
    ok: answer.status >= 200 && answer.status < 300,
    status: answer.status,
    statusText: STATUS_CODES[answer.status] ?? '',
    url: answer.url,
    headers: {
      get: (name) => {
        const value = answer.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => answer.text,
    json: async () => JSON.parse(answer.text) as unknown,
  };
}

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

/** Reads a product's answer over the pool. */
export async function fetchAnswer(
  agent: Agent,
  url: string,
  init: Parameters<SubgraphFetch>[1],
): Promise<BufferedAnswer> {
  const target = new URL(url);
  const response = await agent.request({
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: init.method as 'POST',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  return { url, status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/**
 * Product calls through undici's dispatcher API rather than its `fetch`: the answer is one JSON document
 * read whole, so the WHATWG stream machinery (and its garbage) buys nothing on this hot path.
 */
export function createSubgraphFetch(agent: Agent): SubgraphFetch {
  return async (url, init) => responseOf(await fetchAnswer(agent, url, init));
}
