import { createClient, fetchExchange } from '@urql/core';
import { registerUrql } from '@urql/next/rsc';
import { gatewayUrl } from './config';
import { sessionToken } from './session';

const GATEWAY_TIMEOUT_MS = 10_000;

/** A page render must not hang on a stuck gateway; urql owns `signal`, so the timeout is merged into it. */
function fetchWithTimeout(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const timeout = AbortSignal.timeout(GATEWAY_TIMEOUT_MS);
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  return fetch(input, { ...init, signal, cache: 'no-store' });
}

/**
 * The server components' gateway client. `registerUrql` scopes it to one request (React `cache`), and it
 * has no cache exchange, so no answer is ever shared between users or requests.
 */
export const { getClient: getGatewayClient } = registerUrql(() =>
  createClient({
    url: gatewayUrl(),
    exchanges: [fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    // As the signed-in user: the gateway decides what this page may show.
    fetch: async (input, init) => {
      const token = await sessionToken();
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return fetchWithTimeout(input, { ...init, headers });
    },
  }),
);
