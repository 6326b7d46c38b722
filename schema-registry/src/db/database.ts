import { openServiceStore, type Logger, type ServiceStore, type StoreKind } from '@mesh/product-kit';
import { registryMigrations } from './migrations';

export type DatabaseKind = StoreKind;
export type RegistryDatabase = ServiceStore;

/** Opens the registry's store (SQLite file with foreign keys, or PostgreSQL) at its latest migration. */
export function openRegistryDatabase(options: {
  databaseUrl?: string;
  databaseFile: string;
  logger: Logger;
}): Promise<RegistryDatabase> {
  return openServiceStore({
    ...options,
    migrations: registryMigrations,
    migrationsTable: 'registry_migrations',
    foreignKeys: true,
  });
}
