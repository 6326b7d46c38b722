import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createWritableDatabase, type Migration } from './database';

/**
 * Writes a product snapshot (a product's loader, or the demo-data generator) reproducibly: schema through the product's own migrations, rows through
 * `fill`, fixed migration timestamps, then VACUUM so the file layout depends on content alone. The file
 * appears under its final name only when complete (write to a temporary name, then rename).
 */
export async function writeSnapshot(options: {
  file: string;
  migrations: readonly Migration[];
  referenceDate: string;
  metadata: Record<string, string | number>;
  fill(db: Database.Database): void | Promise<void>;
}): Promise<void> {
  const temporary = `${options.file}.partial`;
  rmSync(temporary, { force: true });
  const knex = await createWritableDatabase(temporary, options.migrations);
  await knex('knex_migrations').update({ migration_time: options.referenceDate });
  await knex.destroy();

  const db = new Database(temporary);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    // Batches of different tables commit in any order; integrity is checked once, at the end.
    db.pragma('foreign_keys = OFF');
    await options.fill(db);
    const violations = db.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) throw new Error(`Generated snapshot breaks ${violations.length} foreign keys`);
    const insert = db.prepare('INSERT INTO snapshot_metadata (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (const [key, value] of Object.entries(options.metadata).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      )) {
        insert.run(key, String(value));
      }
    })();
    db.exec('VACUUM');
  } finally {
    db.close();
  }
  if (existsSync(options.file)) rmSync(options.file);
  renameSync(temporary, options.file);
}

/** Batches rows into one transaction per `size` rows: fast inserts with bounded memory. */
export function batchedInsert<T>(db: Database.Database, sql: string, size = 5000) {
  const statement = db.prepare(sql);
  let pending: T[][] = [];
  const commit = db.transaction((rows: T[][]) => {
    for (const row of rows) statement.run(...row);
  });
  return {
    add(row: T[]) {
      pending.push(row);
      if (pending.length >= size) this.flush();
    },
    flush() {
      if (pending.length > 0) commit(pending);
      pending = [];
    },
  };
}
