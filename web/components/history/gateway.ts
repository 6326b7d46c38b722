import type { TypedDocumentNode } from '@urql/core';
import { gatewayUrl } from '@/lib/config';
import { sessionToken } from '@/lib/session';
import { fetchSupergraphId, postToGateway, type GatewayOutcome } from './gateway-fetch';

/**
 * Server-side GraphQL through the gateway as the signed-in user (the session cookie's token), for the
 * history, UDAT and token pages, their server actions and route handlers. The answer comes back whole —
 * `extensions.dataProducts` included — as a typed outcome, so callers branch on it instead of catching.
 */

export { describeOutcomeError, errorCode, type GatewayErrorItem, type GatewayOutcome } from './gateway-fetch';

/**
 * Sends one operation. `ok` when the answer has data and no errors; `failed` with the GraphQL errors
 * (their stable `extensions.code`) otherwise; `unreachable` when no JSON came back.
 */
export async function gatewayRequest<T, V extends object>(
  document: TypedDocumentNode<T, V> | string,
  variables: V,
  options: { timeoutMs?: number; operationName?: string | null; token?: string } = {},
): Promise<GatewayOutcome<T>> {
  const token = options.token ?? (await sessionToken());
  return postToGateway(gatewayUrl, document, variables, { ...options, token });
}

/** The registry supergraph id the gateway serves now (its `/supergraph` header); null when unknown. */
export async function currentSupergraphId(): Promise<string | null> {
  return fetchSupergraphId(gatewayUrl);
}
