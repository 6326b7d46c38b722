import { cache } from 'react';
import { HISTORY_ENTRY_QUERY, UDAT_QUERY } from '@/lib/workspace';
import { gatewayRequest } from './gateway';
import { acceptWithheld } from './gateway-fetch';

/**
 * One gateway read per request for a run or an artifact, shared by its layout (which answers a real 404
 * before the page streams) and its page.
 */
export const loadHistoryEntry = cache(async (id: string) =>
  acceptWithheld(await gatewayRequest(HISTORY_ENTRY_QUERY, { id })),
);
export const loadUdat = cache((id: string) => gatewayRequest(UDAT_QUERY, { id }));
