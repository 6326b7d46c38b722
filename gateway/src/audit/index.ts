import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { getOperationAST } from 'graphql';
import type { Caller, Logger, MethodRoutes } from '@mesh/product-kit';
import { collectCoordinates } from '../usage-coordinates';
import { eventsOf } from './events';
import { fieldProductsCache } from './field-products';
import { auditPlugin, coordinateCache, type AuditContext } from './plugin';
import { createAuditRecorder, type AuditRecorder, type AuditRecorderStats } from './recorder';
import { createAuditRoutes } from './routes';
import { openAuditStore, type AuditStore } from './store';
import { DEFAULT_PRODUCT_OWNERS, type ProductOwners } from '../auth/product-owners';

export { AUDITED_ELSEWHERE } from './plugin';
export type { AuditEvent } from './events';
export { openAuditStore, type AuditStore } from './store';

export interface AuditOptions {
  /** False: nothing is recorded and `/audit` answers 404 AUDIT_DISABLED (AUDIT=off). Default on. */
  enabled?: boolean;
  /** Where events are kept; default the API tokens' database (in memory when that is). */
  database?: { databaseUrl?: string; databaseFile: string };
  /** An open store (tests: a slow or failing one). */
  store?: AuditStore;
  /** AUDIT_RETENTION_DAYS (default 365). */
  retentionDays?: number;
  /** AUDIT_QUEUE_MAX (default 10 000): events held while the store catches up; more are dropped. */
  maxQueue?: number;
  batchSize?: number;
  flushMs?: number;
  purgeEveryMs?: number;
  /** Longest wait for the last flush on shutdown (default 5 s). */
  closeTimeoutMs?: number;
  /** PRODUCT_OWNERS: besides role admin, who owns which product. */
  owners?: ProductOwners;
}

/** An export's read, recorded when its stream ends. */
export interface ExportRead {
  req: IncomingMessage;
  caller: Caller;
  schema: GraphQLSchema;
  document: DocumentNode;
  query: string;
  operationName?: string;
  format: string;
  rows: number;
  outcome: 'ok' | 'error';
}

export interface DataAccessAudit {
  plugin: ReturnType<typeof auditPlugin<AuditContext>>;
  recordExport(read: ExportRead): void;
  routes: Record<string, MethodRoutes>;
  stats(): AuditRecorderStats;
  /** Writes queued events now (tests, shutdown). */
  flush(): Promise<void>;
  purge(): Promise<number>;
  close(): Promise<void>;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** The data-access audit: what each read took from which product, for the products' owners. */
export async function createDataAccessAudit(
  options: AuditOptions,
  context: {
    supergraphSdl: () => string;
    authenticate: (req: IncomingMessage) => Promise<Caller>;
    logger: Logger;
  },
): Promise<DataAccessAudit> {
  const enabled = options.enabled !== false;
  const store = enabled
    ? (options.store ?? (await openAuditStore(options.database ?? { databaseFile: ':memory:' })))
    : undefined;
  const recorder: AuditRecorder | undefined = store
    ? createAuditRecorder({
        store,
        logger: context.logger,
        maxQueue: options.maxQueue,
        batchSize: options.batchSize,
        flushMs: options.flushMs,
        purgeEveryMs: options.purgeEveryMs,
        closeTimeoutMs: options.closeTimeoutMs,
        retentionDays: options.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
      })
    : undefined;
  const fieldProducts = fieldProductsCache();
  const products = () => fieldProducts(context.supergraphSdl());
  const record = recorder ? recorder.record : () => undefined;
  const exportCoordinates = coordinateCache();
  return {
    plugin: auditPlugin<AuditContext>({ record, fieldProducts: products }),
    recordExport(read) {
      if (!recorder) return;
      const operation = getOperationAST(read.document, read.operationName);
      const hash = createHash('sha256').update(read.query).digest('hex');
      const coordinates = exportCoordinates(read.schema, `${hash}\u0000${read.operationName ?? ''}`, () =>
        collectCoordinates(read.schema, read.document),
      );
      const events = eventsOf({
        caller: read.caller,
        headers: { get: (name) => [read.req.headers[name] ?? []].flat().join(', ') || undefined },
        operationName: operation?.name?.value ?? null,
        operationHash: hash,
        coordinates,
        refused: [],
        rows: new Map(),
        outcome: read.outcome,
        exportFormat: read.format,
        fieldProducts: products(),
      });
      // An export's rows are its one list: counted for each product it read.
      for (const event of events) record({ ...event, rows: read.rows });
    },
    routes: createAuditRoutes({
      store,
      authenticate: context.authenticate,
      owners: () => options.owners ?? DEFAULT_PRODUCT_OWNERS,
    }),
    stats: () => recorder?.stats() ?? { recorded: 0, written: 0, dropped: 0, queued: 0 },
    flush: () => recorder?.flush() ?? Promise.resolve(),
    purge: () => recorder?.purge() ?? Promise.resolve(0),
    async close() {
      await recorder?.close();
      if (!options.store) await store?.close();
    },
  };
}
