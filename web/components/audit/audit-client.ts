import {
  gatewayRequest,
  gatewayRest,
  type GatewayFailure,
  type GatewayRestOutcome,
} from '@/lib/gateway-rest';

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

export type AuditFailure = GatewayFailure;

export type AuditOutcome<T> = GatewayRestOutcome<T>;

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

export function fetchAudit(
  path: '/audit' | '/audit.csv',
  search: URLSearchParams,
): Promise<Response | AuditFailure> {
  return gatewayRequest('GET', `${path}?${search.toString()}`);
}

export function readAudit(
  search: URLSearchParams,
): Promise<AuditOutcome<{ events: AuditEventView[]; next: string | null }>> {
  return gatewayRest('GET', `/audit?${search.toString()}`);
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
