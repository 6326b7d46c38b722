import { checkPageSize, toConnection } from '@mesh/product-kit';
import type { HistoryEntryRecord, UdatRecord } from '../storage';
import { decodeSeqCursor, historyFilter, MAX_PAGE_SIZE, parseArgument, udatFilter } from '../validation';
import type { WorkspaceContext } from './context';

/** Arguments of a paginated list. */
export interface PageArgs {
  filter?: unknown;
  first?: number | null;
  after?: string | null;
}

const DEFAULT_PAGE_SIZE = 20;

export const Query = {
  async history(_: unknown, args: PageArgs, { storage }: WorkspaceContext) {
    const filter = parseArgument(historyFilter, args.filter, 'filter');
    const first = checkPageSize(args.first, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
    const after = decodeSeqCursor('HistoryEntry', args.after);
    const rows = await storage.history.list(filter, first, after);
    return {
      ...toConnection(rows, first, 'HistoryEntry', (entry: HistoryEntryRecord) => entry.seq),
      // A function: the default resolver calls it only when totalCount is selected.
      totalCount: () => storage.history.count(filter),
    };
  },

  historyEntry(_: unknown, { id }: { id: string }, { storage }: WorkspaceContext) {
    return storage.history.byId.load(id);
  },

  async udats(_: unknown, args: PageArgs, { storage }: WorkspaceContext) {
    const filter = parseArgument(udatFilter, args.filter, 'filter');
    const first = checkPageSize(args.first, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
    const after = decodeSeqCursor('Udat', args.after);
    const rows = await storage.udats.list(filter, first, after);
    return {
      ...toConnection(rows, first, 'Udat', (udat: UdatRecord) => udat.seq),
      totalCount: () => storage.udats.count(filter),
    };
  },

  udat(_: unknown, { id }: { id: string }, { storage }: WorkspaceContext) {
    return storage.udats.byId.load(id);
  },
};
