export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';

/**
 * The supergraph endpoint, read from `GATEWAY_URL` on every call so one build serves any environment.
 * Server-side only: the browser talks to `/api/graphql`, never to the gateway.
 */
export function gatewayUrl(): string {
  const raw = process.env.GATEWAY_URL?.trim() || DEFAULT_GATEWAY_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`GATEWAY_URL must be an absolute URL such as ${DEFAULT_GATEWAY_URL} (got "${raw}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`GATEWAY_URL must use http or https (got "${raw}").`);
  }
  return url.toString();
}
