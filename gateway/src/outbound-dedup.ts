import { IDENTITY_HEADER } from '@mesh/product-kit';
import { responseOf, type BufferedAnswer, type SubgraphFetch, type SubgraphResponse } from './subgraph-fetch';

/**
 * Headers that differ per request without changing the answer: tracing, request ids, and the signed
 * identity, which is unique to each fetch (nonce) — its caller is in the key as `shareKey` instead.
 */
const PER_REQUEST_HEADERS = new Set([
  'traceparent',
  'tracestate',
  'x-request-id',
  'content-length',
  IDENTITY_HEADER,
]);

export interface OutboundDedupStats {
  /** Subgraph fetches that went out. */
  sent: number;
  /** Fetches answered by an identical fetch already in flight. */
  shared: number;
}

/**
 * Outbound de-duplication: while a query fetch to a product is in flight, an identical one (same URL, body
 * and caller — `shareKey`, so callers never share) waits for it instead of going out again; each waiter
 * gets its own copy of the response. Mutations always go out, and so does a signed fetch without a
 * `shareKey` (its caller is unknown here). The waiter's own signed header is never sent: the answer it
 * gets is the one its identical request, for the same caller, got.
 */
export function dedupSubgraphFetch(fetch: SubgraphFetch): {
  fetch: SubgraphFetch;
  stats: OutboundDedupStats;
} {
  const inFlight = new Map<string, Promise<BufferedAnswer>>();
  const stats: OutboundDedupStats = { sent: 0, shared: 0 };
  const shared: SubgraphFetch = async (url, init) => {
    const signed = Object.keys(init.headers).some((name) => name.toLowerCase() === IDENTITY_HEADER);
    if (init.method !== 'POST' || !isQuery(init.body) || (signed && init.shareKey === undefined)) {
      stats.sent += 1;
      return fetch(url, init);
    }
    const headers = Object.entries(init.headers)
      .filter(([name]) => !PER_REQUEST_HEADERS.has(name.toLowerCase()))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = `${url}\u0000${init.shareKey ?? ''}\u0000${JSON.stringify(headers)}\u0000${init.body}`;
    let pending = inFlight.get(key);
    if (pending) stats.shared += 1;
    else {
      stats.sent += 1;
      pending = fetch(url, init)
        .then(async (response) => bufferOf(url, response))
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return responseOf(await pending);
  };
  return { fetch: shared, stats };
}

async function bufferOf(url: string, response: SubgraphResponse): Promise<BufferedAnswer> {
  // The headers the gateway reads: how to parse the body and the product's cache hint.
  const headers: BufferedAnswer['headers'] = {};
  for (const name of ['content-type', 'cache-control'])
    headers[name] = response.headers.get(name) ?? undefined;
  return { url, status: response.status, headers, text: await response.text() };
}

/**
 * The gateway's subgraph requests are `{"query":"…"}` JSON: queries start with `query` or `{` (the plan
 * executor sends compact documents, `{patients(…){…}}`), after any whitespace, escaped or not.
 */
export function isQuery(body: string): boolean {
  return /^\{"query":"(?:\s|\\[nrt])*(?:\{|query\b)/.test(body.slice(0, 200));
}
