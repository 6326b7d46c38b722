import { lineageDenied } from '../lineage';
import type { HistoryEntryRecord } from '../storage';
import { contentAccess } from './content-access';
import type { WorkspaceContext } from './context';

export const HistoryEntry = {
  /** `_entities`: the same row-level rule as every read; an invisible run resolves to null. */
  __resolveReference(reference: { id: string }, { storage }: WorkspaceContext) {
    return storage.history.byId.load(reference.id);
  },

  viewerIsOwner(entry: HistoryEntryRecord, _: unknown, { caller }: WorkspaceContext) {
    return entry.owner.subject === caller.subject;
  },

  lineage(entry: HistoryEntryRecord) {
    return entry.lineage;
  },

  access(entry: HistoryEntryRecord, _: unknown, ctx: WorkspaceContext) {
    return contentAccess(entry.lineage, ctx);
  },

  /**
   * Withheld with the result: the operation and its variables are in view, so the hash of a small result
   * (one patient's sex, a count) confirms a guessed value as surely as the value itself.
   */
  resultHash(entry: HistoryEntryRecord, _: unknown, ctx: WorkspaceContext) {
    return contentAccess(entry.lineage, ctx).readable ? entry.resultHash : null;
  },

  /**
   * Only for a caller whose scopes satisfy the lineage now (the owner included: a revoked scope revokes
   * reading); otherwise null with FORBIDDEN / LINEAGE_ACCESS. Loaded only when selected and readable.
   */
  result(entry: HistoryEntryRecord, _: unknown, ctx: WorkspaceContext) {
    const access = contentAccess(entry.lineage, ctx);
    if (!access.readable) throw lineageDenied(entry.lineage, access);
    return entry.result !== undefined ? entry.result : ctx.storage.history.results.load(entry.id);
  },
};
