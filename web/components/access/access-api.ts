import { gatewayRest, type GatewayRestOutcome } from '@/lib/gateway-rest';

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

export type AccessOutcome<T> = GatewayRestOutcome<T>;

const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
  gatewayRest<T>(method, `/access-requests${path}`, body);

export const myAccessRequests = () => call<AccessRequestList>('GET', '?mine=1');
export const ownedAccessRequests = () => call<AccessRequestList>('GET', '?owned=1');

export const requestAccess = (input: { product: string; scope: string; purpose: string }) =>
  call<AccessRequest>('POST', '', input);

export const decideAccessRequest = (
  input:
    | { id: string; decision: 'APPROVE'; expiresInMinutes: number }
    | { id: string; decision: 'DENY'; reason: string },
) => call<AccessRequest>('POST', '/decision', input);
