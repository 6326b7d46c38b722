import { gatewayOrigin, sessionToken } from '@/lib/session';

/**
 * The gateway's audit endpoints (`/audit`, `/audit.csv`), called server-side with the session's token: the
 * browser never holds it; the CSV download goes through this app's own route.
 */

export interface AuditEventView {
  id: number;
  at: string;
  product: string;
  subject: string | null;
  callerName: string | null;
  authKind: 'anonymous' | 'user' | 'token';
  tokenId: string | null;
  clientName: string | null;
  clientVersion: string | null;
  operationName: string | null;
  operationHash: string | null;
  fields: string[];
  refused: string[];
  rows: number | null;
  exportFormat: string | null;
  outcome: 'ok' | 'partial' | 'error';
}

export interface AuditFailure {
  status: 'failed';
  httpStatus: number;
  code: string;
  message: string;
}

export type AuditOutcome<T> = { status: 'ok'; value: T } | AuditFailure;

/** The filters the page and the CSV route pass on, as the gateway names them. */
export const AUDIT_FILTERS = [
  'product',
  'from',
  'to',
  'subject',
  'client',
  'field',
  'cursor',
  'limit',
] as const;

export function auditSearch(params: Record<string, string | string[] | undefined>): URLSearchParams {
  const search = new URLSearchParams();
  for (const name of AUDIT_FILTERS) {
    const value = params[name];
    if (typeof value === 'string' && value !== '') search.set(name, value);
  }
  return search;
}

export async function fetchAudit(
  path: '/audit' | '/audit.csv',
  search: URLSearchParams,
): Promise<Response | AuditFailure> {
  const token = await sessionToken();
  if (!token)
    return { status: 'failed', httpStatus: 401, code: 'UNAUTHENTICATED', message: 'Sign in first.' };
  try {
    return await fetch(`${gatewayOrigin()}${path}?${search.toString()}`, {
      headers: { authorization: `Bearer ${token}`, 'apollographql-client-name': 'mesh-web' },
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
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

export async function readAudit(
  search: URLSearchParams,
): Promise<AuditOutcome<{ events: AuditEventView[]; next: string | null }>> {
  const response = await fetchAudit('/audit', search);
  if (!(response instanceof Response)) return response;
  const json = (await response.json().catch(() => null)) as
    | ({ events: AuditEventView[]; next: string | null } & { error?: { code: string; message: string } })
    | null;
  if (response.ok && json) return { status: 'ok', value: json };
  return {
    status: 'failed',
    httpStatus: response.status,
    code: json?.error?.code ?? `HTTP_${response.status}`,
    message: json?.error?.message ?? `The gateway answered HTTP ${response.status}.`,
  };
}

/** Reads per day, as a Vega-Lite bar chart with inline data only (it passes chart-safety). */
export function readsOverTime(events: readonly AuditEventView[]): Record<string, unknown> {
  const perDay = new Map<string, number>();
  for (const event of events) perDay.set(event.at.slice(0, 10), (perDay.get(event.at.slice(0, 10)) ?? 0) + 1);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: 'Reads per day',
    width: 'container',
    height: 160,
    data: { values: [...perDay].sort().map(([day, reads]) => ({ day, reads })) },
    mark: 'bar',
    encoding: {
      x: { field: 'day', type: 'temporal', timeUnit: 'yearmonthdate', title: 'Day' },
      y: { field: 'reads', type: 'quantitative', title: 'Reads' },
      tooltip: [
        { field: 'day', type: 'temporal', timeUnit: 'yearmonthdate' },
        { field: 'reads', type: 'quantitative' },
      ],
    },
  };
}
