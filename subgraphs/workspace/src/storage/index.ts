import type { Knex } from 'knex';
import type { DatabaseKind } from './database';
import { createHistoryStorage } from './history-storage';
import { formatDataVersion, readStoreState, writeTransaction, type WriteTransaction } from './store-state';
import { createUdatStorage } from './udat-storage';
import type { Viewer } from './visibility';

export * from './database';
export * from './history-storage';
export * from './rows';
export * from './store-state';
export * from './udat-storage';
export * from './visibility';

/**
 * The request-scoped storage of one viewer. `dataVersion()` reads the store's write counter once per
 * request; a write in the request moves it to the counter that write committed.
 */
export function createWorkspaceStorage(db: Knex, kind: DatabaseKind, viewer: Viewer) {
  let dataVersion: Promise<string> | undefined;
  const write: WriteTransaction = async (work) => {
    const { value, state } = await writeTransaction(db, work);
    if (state) dataVersion = Promise.resolve(formatDataVersion(state));
    return value;
  };
  return {
    history: createHistoryStorage(db, kind, viewer, write),
    udats: createUdatStorage(db, kind, viewer, write),
    dataVersion: () => (dataVersion ??= readStoreState(db).then(formatDataVersion)),
  };
}
export type WorkspaceStorage = ReturnType<typeof createWorkspaceStorage>;
