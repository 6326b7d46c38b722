import { existsSync } from 'node:fs';
import knexFactory, { type Knex } from 'knex';
import type { Logger } from 'pino';

export type { Knex };

/** One knex migration, imported statically so compiled and TypeScript builds run the same list. */
export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** A knex migration source over a fixed, ordered list (no directory scanning, no file extensions). */
export function migrationSource(migrations: readonly Migration[]): Knex.MigrationSource<Migration> {
  return {
    getMigrations: async () => [...migrations],
    getMigrationName: (migration) => migration.name,
    getMigration: async (migration) => migration,
  };
}

export interface SqlStats {
  /** Every SQL statement sent to the database since start: what the no-N+1 tests count. */
  statements: number;
}

export class SnapshotMissingError extends Error {
  constructor(file: string, hint: string) {
    super(`Data snapshot not found at ${file}. ${hint}`);
    this.name = 'SnapshotMissingError';
  }
}

export class SnapshotOutdatedError extends Error {
  constructor(file: string, pending: string[], hint: string) {
    super(`Data snapshot ${file} predates migrations ${pending.join(', ')}. ${hint}`);
    this.name = 'SnapshotOutdatedError';
  }
}

export interface OpenSnapshotOptions {
  file: string;
  migrations: readonly Migration[];
  logger: Logger;
  /** What to tell an operator when the file is missing or outdated. */
  hint: string;
}

/**
 * Opens a product's data snapshot read-only. A served snapshot is immutable: a change of data is a new
 * snapshot with a new dataVersion, so the service can never alter what a recorded analysis ran on.
 */
export async function openSnapshot(options: OpenSnapshotOptions): Promise<{ db: Knex; stats: SqlStats }> {
  const { file, migrations, logger, hint } = options;
  if (!existsSync(file)) throw new SnapshotMissingError(file, hint);
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file, options: { readonly: true } },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  const stats: SqlStats = { statements: 0 };
  db.on('query', (query: { sql: string }) => {
    stats.statements += 1;
    logger.trace({ sql: query.sql }, 'sql');
  });
  const applied = (await db('knex_migrations').select('name').orderBy('id')) as { name: string }[];
  const appliedNames = new Set(applied.map((row) => row.name));
  const pending = migrations.map((m) => m.name).filter((name) => !appliedNames.has(name));
  if (pending.length > 0) {
    await db.destroy();
    throw new SnapshotOutdatedError(file, pending, hint);
  }
  stats.statements = 0;
  return { db, stats };
}

/** Creates (or replaces) a writable database and brings it to the latest migration: used by loaders. */
export async function createWritableDatabase(file: string, migrations: readonly Migration[]): Promise<Knex> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  await db.migrate.latest({ migrationSource: migrationSource(migrations) });
  return db;
}
