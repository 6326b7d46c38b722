import { gatewayOrigin, sessionToken } from '@/lib/session';
import type { ApiToken } from './api-tokens-status';

/**
 * The gateway's API-token endpoints (`/auth/tokens`), called server-side with the session's token: the
 * browser never holds the session token, and sees a new API token exactly once.
 */

export type TokenOutcome<T> =
  { status: 'ok'; value: T } | { status: 'failed'; httpStatus: number; code: string; message: string };

const TIMEOUT_MS = 10_000;

async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  query: string,
  body?: unknown,
): Promise<TokenOutcome<T>> {
  const token = await sessionToken();
  if (!token)
    return { status: 'failed', httpStatus: 401, code: 'UNAUTHENTICATED', message: 'Sign in first.' };
  let response: Response;
  try {
    response = await fetch(`${gatewayOrigin()}/auth/tokens${query}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    return {
      status: 'failed',
      httpStatus: 502,
      code: 'GATEWAY_UNAVAILABLE',
      message: `The gateway is unreachable (${cause}).`,
    };
  }
  const json = (await response.json().catch(() => null)) as
    (T & { error?: { code: string; message: string } }) | null;
  if (response.ok && json) return { status: 'ok', value: json };
  return {
    status: 'failed',
    httpStatus: response.status,
    code: json?.error?.code ?? `HTTP_${response.status}`,
    message: json?.error?.message ?? `The gateway answered HTTP ${response.status}.`,
  };
}

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
