import type { Knex } from 'knex';
import { openServiceStore, type Migration } from '@mesh/product-kit';
import type { AuditEvent } from './events';

const TABLE = 'gateway_audit_events';

const auditMigrations: Migration[] = [
  {
    name: '001_audit_events',
    async up(knex) {
      await knex.schema.createTable(TABLE, (table) => {
        table.bigIncrements('id').primary();
        // Epoch milliseconds: compared as numbers on SQLite and PostgreSQL alike.
        table.bigInteger('at').notNullable().index();
        table.string('product', 100).notNullable();
        table.string('subject', 200);
        table.string('caller_name', 200);
        table.string('auth_kind', 16).notNullable();
        table.string('token_id', 64);
        table.string('client_name', 200);
        table.string('client_version', 200);
        table.string('operation_name', 200);
        table.string('operation_hash', 64);
        table.text('fields').notNullable();
        table.text('refused').notNullable();
        table.integer('rows');
        table.string('export_format', 16);
        table.string('outcome', 16).notNullable();
        table.index(['product', 'at', 'id']);
      });
    },
    async down(knex) {
      await knex.schema.dropTable(TABLE);
    },
  },
];

interface Row {
  id: number | string;
  at: number | string;
  product: string;
  subject: string | null;
  caller_name: string | null;
  auth_kind: string;
  token_id: string | null;
  client_name: string | null;
  client_version: string | null;
  operation_name: string | null;
  operation_hash: string | null;
  fields: string;
  refused: string;
  rows: number | null;
  export_format: string | null;
  outcome: string;
}

export interface AuditQuery {
  product: string;
  from?: number;
  to?: number;
  subject?: string;
  client?: string;
  /** A coordinate read (or refused), e.g. `Patient.diagnosis`. */
  field?: string;
  limit: number;
  cursor?: { at: number; id: number };
}

export type StoredAuditEvent = AuditEvent & { id: number };

export interface AuditStore {
  kind: 'sqlite' | 'postgres';
  insert(events: readonly AuditEvent[]): Promise<void>;
  /** Newest first; `next` is the cursor of the following page, null on the last. */
  query(query: AuditQuery): Promise<{ events: StoredAuditEvent[]; next: { at: number; id: number } | null }>;
  /** Deletes events older than `before` (epoch ms); how many. */
  purge(before: number): Promise<number>;
  close(): Promise<void>;
}

const toRow = (event: AuditEvent) => ({
  at: event.at,
  product: event.product,
  subject: event.subject,
  caller_name: event.callerName,
  auth_kind: event.authKind,
  token_id: event.tokenId,
  client_name: event.clientName,
  client_version: event.clientVersion,
  operation_name: event.operationName,
  operation_hash: event.operationHash,
  fields: JSON.stringify(event.fields),
  refused: JSON.stringify(event.refused),
  rows: event.rows,
  export_format: event.exportFormat,
  outcome: event.outcome,
});

// PostgreSQL returns bigint as a string.
const fromRow = (row: Row): StoredAuditEvent => ({
  id: Number(row.id),
  at: Number(row.at),
  product: row.product,
  subject: row.subject,
  callerName: row.caller_name,
  authKind: row.auth_kind as AuditEvent['authKind'],
  tokenId: row.token_id,
  clientName: row.client_name,
  clientVersion: row.client_version,
  operationName: row.operation_name,
  operationHash: row.operation_hash,
  fields: JSON.parse(row.fields) as string[],
  refused: JSON.parse(row.refused) as string[],
  rows: row.rows === null ? null : Number(row.rows),
  exportFormat: row.export_format,
  outcome: row.outcome as AuditEvent['outcome'],
});

/** `LIKE` pattern matching `text` literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export function auditTable(db: Knex, kind: AuditStore['kind']): Omit<AuditStore, 'close'> {
  return {
    kind,
    async insert(events) {
      if (events.length) await db.batchInsert(TABLE, events.map(toRow), 200);
    },
    async query(query) {
      const builder = db(TABLE)
        .where('product', query.product)
        .orderBy([
          { column: 'at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(query.limit + 1);
      if (query.from !== undefined) builder.andWhere('at', '>=', query.from);
      if (query.to !== undefined) builder.andWhere('at', '<', query.to);
      if (query.subject) builder.andWhere('subject', query.subject);
      if (query.client) builder.andWhere('client_name', query.client);
      if (query.field) {
        const pattern = `%${likeLiteral(JSON.stringify(query.field))}%`;
        builder.andWhere((where) =>
          where
            .whereRaw(`fields LIKE ? ESCAPE '\\'`, [pattern])
            .orWhereRaw(`refused LIKE ? ESCAPE '\\'`, [pattern]),
        );
      }
      if (query.cursor) {
        const { at, id } = query.cursor;
        builder.andWhere((where) =>
          where.where('at', '<', at).orWhere((same) => same.where('at', at).andWhere('id', '<', id)),
        );
      }
      const rows = ((await builder) as Row[]).map(fromRow);
      const events = rows.slice(0, query.limit);
      const last = events.at(-1);
      return { events, next: rows.length > query.limit && last ? { at: last.at, id: last.id } : null };
    },
    purge: (before) => db(TABLE).where('at', '<', before).delete(),
  };
}

/** The audit store: SQLite (a file, or in memory) or PostgreSQL, with its own migrations table. */
export async function openAuditStore(options: {
  databaseUrl?: string;
  databaseFile: string;
}): Promise<AuditStore> {
  const store = await openServiceStore({
    databaseUrl: options.databaseUrl,
    databaseFile: options.databaseFile,
    migrations: auditMigrations,
    migrationsTable: 'gateway_audit_migrations',
  });
  return { ...auditTable(store.db, store.kind), close: () => store.close() };
}
