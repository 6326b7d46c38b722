import { gatewayRest, type GatewayRestOutcome } from '@/lib/gateway-rest';
import type { ApiToken } from './api-tokens-status';

/**
 * The gateway's API-token endpoints (`/auth/tokens`), called server-side with the session's token: the
 * browser never holds the session token, and sees a new API token exactly once.
 */

export type TokenOutcome<T> = GatewayRestOutcome<T>;

const call = <T>(method: 'GET' | 'POST' | 'DELETE', query: string, body?: unknown) =>
  gatewayRest<T>(method, `/auth/tokens${query}`, body);

export async function listApiTokens(): Promise<TokenOutcome<ApiToken[]>> {
  const outcome = await call<{ tokens: ApiToken[] }>('GET', '');
  return outcome.status === 'ok' ? { status: 'ok', value: outcome.value.tokens } : outcome;
}

export async function createApiToken(input: {
  label: string;
  scopes: string[];
  expiresInDays: number | null;
}): Promise<TokenOutcome<ApiToken & { token: string }>> {
  return call('POST', '', input);
}

export async function revokeApiToken(id: string): Promise<TokenOutcome<{ revoked: string }>> {
  return call('DELETE', `?id=${encodeURIComponent(id)}`);
}
