import type { Knex } from 'knex';
import { z } from 'zod';
import { dbInt, nowIso } from './rows';

/** The store's identity and write counter (table `workspace_state`, one row). */
export interface StoreState {
  storeId: string;
  writeSeq: number;
}

const stateRow = z
  .object({ store_id: z.string(), write_seq: dbInt })
  .transform((row): StoreState => ({ storeId: row.store_id, writeSeq: row.write_seq }));

/**
 * A live store has no snapshot to hash, so its data version is `live:<store id>:<committed writes>`: equal
 * values mean the same store with the same writes applied. The store id (random, fixed at creation) keeps
 * two stores with equally many writes apart.
 */
export function formatDataVersion(state: StoreState): string {
  return `live:${state.storeId}:${state.writeSeq}`;
}

export async function readStoreState(db: Knex): Promise<StoreState> {
  return stateRow.parse(await db('workspace_state').where({ id: 1 }).first('store_id', 'write_seq'));
}

/** Runs a write in a transaction that also bumps the store's write counter when it returns non-null. */
export type WriteTransaction = <T>(work: (trx: Knex.Transaction) => Promise<T | null>) => Promise<T | null>;

/**
 * Runs `work` in a transaction and, when it changed something (returned non-null), bumps the write
 * counter in the same transaction. The counter row is a lock every writer takes last (a row lock on
 * PostgreSQL; SQLite has one writer anyway), so counter order is commit order.
 */
export async function writeTransaction<T>(
  db: Knex,
  work: (trx: Knex.Transaction) => Promise<T | null>,
): Promise<{ value: T | null; state: StoreState | null }> {
  return db.transaction(async (trx) => {
    const value = await work(trx);
    if (value === null) return { value, state: null };
    await trx('workspace_state')
      .where({ id: 1 })
      .update({ write_seq: trx.raw('write_seq + 1'), last_write_at: nowIso() });
    return { value, state: await readStoreState(trx) };
  });
}
