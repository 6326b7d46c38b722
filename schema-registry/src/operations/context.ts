import type { Knex } from 'knex';
import type { Logger } from '@mesh/product-kit';
import type { CatalogLinks } from '../composition/json-ld';
import type { DatabaseKind } from '../db/database';
import type { UsageIngestStats } from './ingest-usage';
import type { SupergraphFeed } from './supergraph-feed';

/** What every operation needs: the store, the settings that shape decisions, and the delivery feed. */
export interface RegistryContext {
  db: Knex;
  kind: DatabaseKind;
  logger: Logger;
  usageWindowDays: number;
  links: CatalogLinks;
  feed: SupergraphFeed;
  /** Bounds of the usage store and what ingestion dropped, truncated or expired since start. */
  usage: { retentionDays: number; maxOperations: number; maxBodyChars: number; stats: UsageIngestStats };
  /** Test-only: see REGISTRY_TEST_PAUSE_FILE. */
  testPauseFile?: string;
}

export function usageWindowStart(days: number, now = Date.now()): string {
  return new Date(now - days * 86_400_000).toISOString();
}
