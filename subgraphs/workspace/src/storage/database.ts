import { openServiceStore, type Logger, type ServiceStore } from '@mesh/product-kit';
import { migrations } from '../../migrations';

export type WorkspaceDatabase = ServiceStore;
export type { StoreKind as DatabaseKind } from '@mesh/product-kit';

/** Opens the workspace store (SQLite file or PostgreSQL) at its latest migration. */
export function openWorkspaceDatabase(options: {
  databaseUrl?: string;
  databaseFile?: string;
  logger: Logger;
}): Promise<WorkspaceDatabase> {
  return openServiceStore({
    ...options,
    migrations,
    migrationsTable: 'workspace_migrations',
    missingStoreMessage:
      'The workspace needs a store: set DATABASE_FILE (SQLite) or DATABASE_URL (PostgreSQL).',
  });
}
