import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import { migrationSource, type Logger } from '@mesh/product-kit';
import { migrations } from '../../migrations';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface WorkspaceDatabase {
  db: Knex;
  kind: DatabaseKind;
  /** Where the data lives, for logs (a file path, or the URL without its password). */
  location: string;
  close(): Promise<void>;
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * Opens the workspace store: PostgreSQL when `databaseUrl` is given, else a SQLite file (created with its
 * folder when missing; WAL, and a busy timeout so a second process waits for the write lock instead of
 * failing), and brings it to the latest migration.
 */
export async function openWorkspaceDatabase(options: {
  databaseUrl?: string;
  databaseFile?: string;
  logger: Logger;
}): Promise<WorkspaceDatabase> {
  let db: Knex;
  let kind: DatabaseKind;
  let location: string;
  if (options.databaseUrl) {
    kind = 'postgres';
    location = redactUrl(options.databaseUrl);
    db = knex({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 10 } });
  } else if (options.databaseFile) {
    kind = 'sqlite';
    location = options.databaseFile;
    mkdirSync(dirname(options.databaseFile), { recursive: true });
    db = knex({
      client: 'better-sqlite3',
      connection: { filename: options.databaseFile },
      useNullAsDefault: true,
      // One connection: better-sqlite3 is synchronous, and SQLite allows one writer at a time.
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
          done(null, connection);
        },
      },
    });
  } else {
    throw new Error('The workspace needs a store: set DATABASE_FILE (SQLite) or DATABASE_URL (PostgreSQL).');
  }
  try {
    const [, applied] = (await db.migrate.latest({
      migrationSource: migrationSource(migrations),
      // Its own table name, so the store can share a PostgreSQL database with other services.
      tableName: 'workspace_migrations',
    })) as [number, string[]];
    if (applied.length > 0) options.logger.info({ applied, kind, location }, 'applied migrations');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind, location, close: () => db.destroy() };
}
