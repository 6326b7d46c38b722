import { gatewayOrigin, sessionToken } from '@/lib/session';

/**
 * The gateway's REST endpoints (`/auth/tokens`, `/access-requests`, `/audit`), called server-side with the
 * session's token: the browser never holds it. One place for the transport, the sign-in check and the
 * error shape the gateway answers (`{error: {code, message}}`).
 */

export type GatewayFailure = { status: 'failed'; httpStatus: number; code: string; message: string };
export type GatewayRestOutcome<T> = { status: 'ok'; value: T } | GatewayFailure;

const TIMEOUT_MS = 10_000;

/** The raw answer (for streams such as CSV downloads), or a coded failure before any byte came back. */
export async function gatewayRequest(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Response | GatewayFailure> {
  const token = await sessionToken();
  if (!token)
    return { status: 'failed', httpStatus: 401, code: 'UNAUTHENTICATED', message: 'Sign in first.' };
  try {
    return await fetch(`${gatewayOrigin()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'apollographql-client-name': 'mesh-web',
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
}

/** A JSON call: the parsed answer, or the gateway's coded error. */
export async function gatewayRest<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<GatewayRestOutcome<T>> {
  const response = await gatewayRequest(method, path, body);
  if (!(response instanceof Response)) return response;
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
