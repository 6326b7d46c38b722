import { HistoryEntry } from './history-entry';
import { Mutation } from './mutation';
import { Query } from './query';
import { Udat } from './udat';

export type { WorkspaceContext } from './context';

/** One resolver module per type; `__resolveReference` beside its type. */
export const resolvers = { Query, Mutation, HistoryEntry, Udat };
