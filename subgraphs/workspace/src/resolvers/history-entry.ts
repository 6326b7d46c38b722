import type { HistoryEntryRecord } from '../storage';
import type { WorkspaceContext } from './context';

export const HistoryEntry = {
  /** `_entities`: the same row-level rule as every read; an invisible run resolves to null. */
  __resolveReference(reference: { id: string }, { storage }: WorkspaceContext) {
    return storage.history.byId.load(reference.id);
  },

  viewerIsOwner(entry: HistoryEntryRecord, _: unknown, { caller }: WorkspaceContext) {
    return entry.owner.subject === caller.subject;
  },

  /** Loaded only when selected (one batched statement for a page), unless the entry carries it already. */
  result(entry: HistoryEntryRecord, _: unknown, { storage }: WorkspaceContext) {
    return entry.result !== undefined ? entry.result : storage.history.results.load(entry.id);
  },
};
