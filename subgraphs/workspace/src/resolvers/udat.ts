import type { UdatRecord } from '../storage';
import { contentAccess, withheldMarker } from './content-access';
import type { WorkspaceContext } from './context';

export const Udat = {
  /** `_entities`: the same row-level rule as every read; an invisible artifact resolves to null. */
  __resolveReference(reference: { id: string }, { storage }: WorkspaceContext) {
    return storage.udats.byId.load(reference.id);
  },

  viewerIsOwner(udat: UdatRecord, _: unknown, { caller }: WorkspaceContext) {
    return udat.owner.subject === caller.subject;
  },

  lineage(udat: UdatRecord) {
    return udat.lineage;
  },

  access(udat: UdatRecord, _: unknown, ctx: WorkspaceContext) {
    return contentAccess(udat.lineage, ctx);
  },

  /**
   * Only for a caller whose scopes satisfy the lineage now; otherwise the withheld marker (see
   * withheldMarker). Loaded only when selected and readable (one batched statement for a page).
   */
  payload(udat: UdatRecord, _: unknown, ctx: WorkspaceContext) {
    const access = contentAccess(udat.lineage, ctx);
    if (!access.readable) return withheldMarker(udat.lineage, access);
    return udat.payload !== undefined ? udat.payload : ctx.storage.udats.payloads.load(udat.id);
  },

  /** A reference only: the gateway resolves the cohort's fields in the products that serve them. */
  cohort(udat: UdatRecord) {
    return udat.cohortId ? { id: udat.cohortId } : null;
  },

  source(udat: UdatRecord, _: unknown, { storage }: WorkspaceContext) {
    return udat.sourceId ? storage.history.byId.load(udat.sourceId) : null;
  },

  forkedFrom(udat: UdatRecord, _: unknown, { storage }: WorkspaceContext) {
    return udat.forkedFromId ? storage.udats.byId.load(udat.forkedFromId) : null;
  },
};
