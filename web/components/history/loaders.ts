import { cache } from 'react';
import { HISTORY_ENTRY_QUERY, UDAT_QUERY } from '@/lib/workspace';
import { gatewayRequest } from './gateway';
import type { GatewayOutcome } from './gateway-fetch';

/**
 * A page shows a run whose result the viewer may not read (its lineage needs scopes the viewer lacks):
 * metadata and the withheld notice, not an error page. Only that refusal is accepted; any other stays one.
 */
export function acceptWithheld<T>(outcome: GatewayOutcome<T>): GatewayOutcome<T> {
  if (
    outcome.status === 'failed' &&
    outcome.data &&
    outcome.errors.length > 0 &&
    outcome.errors.every((error) => error.reason === 'LINEAGE_ACCESS')
  )
    return { status: 'ok', data: outcome.data as T, extensions: undefined, errors: outcome.errors };
  return outcome;
}

/**
 * One gateway read per request for a run or an artifact, shared by its layout (which answers a real 404
 * before the page streams) and its page.
 */
export const loadHistoryEntry = cache(async (id: string) =>
  acceptWithheld(await gatewayRequest(HISTORY_ENTRY_QUERY, { id })),
);
export const loadUdat = cache((id: string) => gatewayRequest(UDAT_QUERY, { id }));
