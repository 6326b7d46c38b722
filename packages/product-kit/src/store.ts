import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import type { Logger } from 'pino';
import { migrationSource, type Migration } from './database';

export type StoreKind = 'sqlite' | 'postgres';

/** A read-write knex store of a service (registry, workspace, the gateway's API tokens). */
export interface ServiceStore {
  db: Knex;
  kind: StoreKind;
  /** Where the data lives, for logs (a file path, or the URL without its password). */
  location: string;
  close(): Promise<void>;
}

export interface ServiceStoreOptions {
  /** PostgreSQL when set. */
  databaseUrl?: string;
  /** Otherwise a SQLite file (created with its folder), or `:memory:`. */
  databaseFile?: string;
  migrations: readonly Migration[];
  /** Own migrations table, so several services can share one PostgreSQL database. */
  migrationsTable: string;
  logger?: Logger;
  /** SQLite: enforce foreign keys. */
  foreignKeys?: boolean;
  /** What to say when neither databaseUrl nor databaseFile is set. */
  missingStoreMessage?: string;
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Opens a service's store: PostgreSQL when `databaseUrl` is given, else SQLite (WAL, one connection since
 * better-sqlite3 is synchronous and SQLite has one writer, a busy timeout so a second process waits for the
 * write lock instead of failing), and brings it to the latest migration.
 */
export async function openServiceStore(options: ServiceStoreOptions): Promise<ServiceStore> {
  let db: Knex;
  let kind: StoreKind;
  let location: string;
  if (options.databaseUrl) {
    kind = 'postgres';
    location = redactUrl(options.databaseUrl);
    db = knex({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 10 } });
  } else if (options.databaseFile) {
    kind = 'sqlite';
    location = options.databaseFile;
    const inMemory = options.databaseFile === ':memory:';
    if (!inMemory) mkdirSync(dirname(options.databaseFile), { recursive: true });
    db = knex({
      client: 'better-sqlite3',
      connection: { filename: options.databaseFile },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (
          connection: { pragma(sql: string): unknown },
          done: (error: Error | null, connection: unknown) => void,
        ) => {
          if (!inMemory) connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = FULL');
          connection.pragma('busy_timeout = 10000');
          if (options.foreignKeys) connection.pragma('foreign_keys = ON');
          done(null, connection);
        },
      },
    });
  } else {
    throw new Error(
      options.missingStoreMessage ?? 'No store: set a database file (SQLite) or URL (PostgreSQL).',
    );
  }
  try {
    const [, applied] = (await db.migrate.latest({
      migrationSource: migrationSource(options.migrations),
      tableName: options.migrationsTable,
    })) as [number, string[]];
    if (applied.length > 0) options.logger?.info({ applied, kind, location }, 'applied migrations');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind, location, close: () => db.destroy() };
}
