import { gatewayOrigin, sessionToken } from '@/lib/session';

/**
 * The gateway's access-request endpoints (`/access-requests`), called server-side with the session's
 * token, as the API-token pages call `/auth/tokens`: the browser never holds the session token.
 */

export type AccessRequestStatus = 'PENDING' | 'APPROVED' | 'DENIED' | 'EXPIRED';

export interface AccessRequest {
  id: string;
  subject: string;
  requesterName: string | null;
  product: string;
  scope: string;
  purpose: string;
  status: AccessRequestStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  expiresAt: string | null;
}

export interface AccessRequestList {
  /** Products whose requests the user decides. */
  owned: string[];
  requests: AccessRequest[];
}

export type AccessOutcome<T> =
  { status: 'ok'; value: T } | { status: 'failed'; httpStatus: number; code: string; message: string };

const TIMEOUT_MS = 10_000;

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<AccessOutcome<T>> {
  const token = await sessionToken();
  if (!token)
    return { status: 'failed', httpStatus: 401, code: 'UNAUTHENTICATED', message: 'Sign in first.' };
  let response: Response;
  try {
    response = await fetch(`${gatewayOrigin()}/access-requests${path}`, {
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

export const myAccessRequests = () => call<AccessRequestList>('GET', '?mine=1');
export const ownedAccessRequests = () => call<AccessRequestList>('GET', '?owned=1');

export const requestAccess = (input: { product: string; scope: string; purpose: string }) =>
  call<AccessRequest>('POST', '', input);

export const decideAccessRequest = (
  input:
    | { id: string; decision: 'APPROVE'; expiresInMinutes: number }
    | { id: string; decision: 'DENY'; reason: string },
) => call<AccessRequest>('POST', '/decision', input);
