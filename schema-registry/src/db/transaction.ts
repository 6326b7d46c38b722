import type { Knex } from 'knex';

/**
 * Runs `work` in a transaction that holds the mesh's write lock from its first statement: the update of
 * the single `registry_state` row takes a row lock on PostgreSQL and the database write lock on SQLite
 * (the effect of `BEGIN IMMEDIATE`), before anything is read. Concurrent publishes therefore see each
 * other's results and the history stays linear. A crash before commit leaves the previous state intact.
 */
export async function withMeshLock<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    await trx('registry_state')
      .where({ id: 1 })
      .update({ write_count: trx.raw('write_count + 1') });
    return work(trx);
  });
}
