import type { Caller, Logger } from '@mesh/product-kit';
import type { WorkspaceStorage } from '../storage';

export interface WorkspaceContext {
  requestId: string;
  logger: Logger;
  /** Who is asking, as the gateway signed it (anonymous without the header). */
  caller: Caller;
  /** Request-scoped data access for this caller (row-level visibility applied, with its DataLoaders). */
  storage: WorkspaceStorage;
}
