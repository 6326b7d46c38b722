import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import type { Logger } from '@mesh/product-kit';
import { registryMigrations, type RegistryMigration } from './migrations';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface RegistryDatabase {
  db: Knex;
  kind: DatabaseKind;
  /** Where the data lives, for logs (a file path, or the URL without credentials). */
  location: string;
  close(): Promise<void>;
}

const migrationSource: Knex.MigrationSource<RegistryMigration> = {
  getMigrations: async () => [...registryMigrations],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Opens the registry's store: PostgreSQL when `databaseUrl` is given, else a SQLite file (WAL, a busy
 * timeout so a second process waits for the write lock instead of failing), and brings it to the latest
 * migration.
 */
export async function openRegistryDatabase(options: {
  databaseUrl?: string;
  databaseFile: string;
  logger: Logger;
}): Promise<RegistryDatabase> {
  let db: Knex;
  let kind: DatabaseKind;
  let location: string;
  if (options.databaseUrl) {
    kind = 'postgres';
    location = redactUrl(options.databaseUrl);
    db = knex({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 10 } });
  } else {
    kind = 'sqlite';
    location = options.databaseFile;
    mkdirSync(dirname(options.databaseFile), { recursive: true });
    db = knex({
      client: 'better-sqlite3',
      connection: { filename: options.databaseFile },
      useNullAsDefault: true,
      // One connection: better-sqlite3 is synchronous, and one writer at a time is what SQLite allows.
      pool: {
        min: 1,
        max: 1,
        afterCreate: (
          connection: { pragma(sql: string): unknown },
          done: (error: Error | null, connection: unknown) => void,
        ) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = FULL');
          connection.pragma('busy_timeout = 10000');
          connection.pragma('foreign_keys = ON');
          done(null, connection);
        },
      },
    });
  }
  try {
    const [, applied] = (await db.migrate.latest({
      migrationSource,
      tableName: 'registry_migrations',
    })) as [number, string[]];
    if (applied.length > 0) options.logger.info({ applied, kind }, 'applied migrations');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind, location, close: () => db.destroy() };
}
