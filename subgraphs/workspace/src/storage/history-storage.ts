import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { createLoader, indexRows } from '@mesh/product-kit';
import type { DatabaseKind } from './database';
import {
  dbInt,
  HISTORY_KINDS,
  jsonText,
  nowIso,
  nullableString,
  stringList,
  VISIBILITIES,
  type HistoryKind,
  type Owner,
  type ProductVersion,
  type Visibility,
} from './rows';
import { lineageSchema, type Lineage } from '../lineage';
import type { WriteTransaction } from './store-state';
import { whereJsonArrayHas, whereSearch, whereVisibleTo, type Viewer } from './visibility';

export interface HistoryEntryRecord {
  seq: number;
  id: string;
  kind: HistoryKind;
  app: string | null;
  title: string;
  operation: string;
  operationName: string | null;
  variables: Record<string, unknown>;
  owner: Owner;
  createdAt: string;
  supergraphId: string | null;
  products: ProductVersion[];
  resultHash: string | null;
  visibility: Visibility;
  parentId: string | null;
  tags: string[];
  /** Where the result came from and what reading it takes (checked on every read of the result). */
  lineage: Lineage;
  /** Set when the result was loaded with the entry (just recorded); otherwise `results` loads it. */
  result?: unknown;
}

export type NewHistoryEntry = Omit<HistoryEntryRecord, 'seq' | 'id' | 'owner' | 'createdAt' | 'result'> & {
  result: unknown;
};

export interface HistoryFilter {
  search?: string;
  app?: string;
  product?: string;
  kind?: HistoryKind;
  mine?: boolean;
}

const TABLE = 'history_entries';

/** Every column but result_json: a list never reads the (large) results it does not serve. */
const COLUMNS = [
  'seq',
  'id',
  'kind',
  'app',
  'title',
  'operation',
  'operation_name',
  'variables_json',
  'owner_subject',
  'owner_name',
  'created_at',
  'supergraph_id',
  'products_json',
  'result_hash',
  'visibility',
  'parent_id',
  'tags_json',
  'lineage_json',
] as const;

const productVersion = z.object({ name: z.string(), version: z.string(), dataVersion: z.string() });

const historyRow = z
  .object({
    seq: dbInt,
    id: z.string(),
    kind: z.enum(HISTORY_KINDS),
    app: nullableString,
    title: z.string(),
    operation: z.string(),
    operation_name: nullableString,
    variables_json: jsonText(z.record(z.string(), z.unknown())),
    owner_subject: z.string(),
    owner_name: nullableString,
    created_at: z.string(),
    supergraph_id: nullableString,
    products_json: jsonText(z.array(productVersion)),
    result_hash: nullableString,
    visibility: z.enum(VISIBILITIES),
    parent_id: nullableString,
    tags_json: stringList,
    // Every row has one (002_lineage backfilled the older ones); a missing one fails closed.
    lineage_json: jsonText(lineageSchema),
  })
  .transform((row): HistoryEntryRecord => ({
    seq: row.seq,
    id: row.id,
    kind: row.kind,
    app: row.app,
    title: row.title,
    operation: row.operation,
    operationName: row.operation_name,
    variables: row.variables_json,
    owner: { subject: row.owner_subject, name: row.owner_name },
    createdAt: row.created_at,
    supergraphId: row.supergraph_id,
    products: row.products_json,
    resultHash: row.result_hash,
    visibility: row.visibility,
    parentId: row.parent_id,
    tags: row.tags_json,
    lineage: row.lineage_json,
  }));

const resultRow = z.object({ id: z.string(), result_json: jsonText(z.unknown()).nullish() });

/**
 * Runs of one viewer: everything read is filtered by the row-level rule (visibility.ts); every write
 * is the viewer's own. Request-scoped (its loaders cache for one request).
 */
export function createHistoryStorage(db: Knex, kind: DatabaseKind, viewer: Viewer, write: WriteTransaction) {
  const visible = () => whereVisibleTo(kind, db(TABLE), viewer);

  const filtered = (filter: HistoryFilter) => {
    const query = visible();
    if (filter.kind) query.where('kind', filter.kind);
    if (filter.app) query.where('app', filter.app);
    if (filter.product) whereJsonArrayHas(kind, query, 'product_names_json', filter.product);
    if (filter.search) whereSearch(query, ['title'], filter.search);
    if (filter.mine === true) query.where('owner_subject', viewer.subject);
    if (filter.mine === false) query.whereNot('owner_subject', viewer.subject);
    return query;
  };

  const byId = createLoader<string, HistoryEntryRecord | null>(async (ids) => {
    const rows = await visible()
      .select(...COLUMNS)
      .whereIn('id', [...ids]);
    return indexRows<string, HistoryEntryRecord>(
      ids,
      rows.map((row: unknown) => historyRow.parse(row)),
      (entry) => entry.id,
    );
  });

  const results = createLoader<string, unknown>(async (ids) => {
    const rows = await visible()
      .select('id', 'result_json')
      .whereIn('id', [...ids]);
    const parsed = indexRows<string, z.infer<typeof resultRow>>(
      ids,
      rows.map((row: unknown) => resultRow.parse(row)),
      (row) => row.id,
    );
    return parsed.map((row) => row?.result_json ?? null);
  });

  return {
    /** Visible runs by id: null for missing and invisible alike. */
    byId,
    /** The stored result of visible runs, by id (null when none was recorded). */
    results,

    /** One page, newest first: `first + 1` rows (the extra one tells whether another page exists). */
    async list(filter: HistoryFilter, first: number, afterSeq: number | null): Promise<HistoryEntryRecord[]> {
      const query = filtered(filter)
        .select(...COLUMNS)
        .orderBy('seq', 'desc')
        .limit(first + 1);
      if (afterSeq !== null) query.where('seq', '<', afterSeq);
      return (await query).map((row: unknown) => historyRow.parse(row));
    },

    async count(filter: HistoryFilter): Promise<number> {
      const row = (await filtered(filter).count({ n: '*' }).first()) as { n: unknown } | undefined;
      return dbInt.parse(row?.n ?? 0);
    },

    async insert(entry: NewHistoryEntry): Promise<HistoryEntryRecord> {
      const id = `run_${randomUUID()}`;
      const createdAt = nowIso();
      const inserted = await write(async (trx) => {
        await trx(TABLE).insert({
          id,
          kind: entry.kind,
          app: entry.app,
          title: entry.title,
          operation: entry.operation,
          operation_name: entry.operationName,
          variables_json: JSON.stringify(entry.variables),
          owner_subject: viewer.subject,
          owner_name: viewer.name,
          owner_roles_json: JSON.stringify(viewer.roles),
          created_at: createdAt,
          supergraph_id: entry.supergraphId,
          products_json: JSON.stringify(entry.products),
          // Filtering by product finds what the run used, or (user-supplied) claims to have used.
          product_names_json: JSON.stringify([
            ...new Set([...entry.products, ...entry.lineage.claimedProducts].map((product) => product.name)),
          ]),
          result_hash: entry.resultHash,
          result_json: entry.result === null ? null : JSON.stringify(entry.result),
          visibility: entry.visibility,
          parent_id: entry.parentId,
          tags_json: JSON.stringify(entry.tags),
          lineage_json: JSON.stringify(entry.lineage),
        });
        return historyRow.parse(
          await trx(TABLE)
            .select(...COLUMNS)
            .where({ id })
            .first(),
        );
      });
      const record = { ...inserted!, result: entry.result };
      byId.prime(id, record);
      return record;
    },

    /**
     * Changes the visibility of one of the viewer's runs and re-stamps the owner's roles (TEAM means the
     * owner's team as of this save). Null when the viewer owns no such run (any more).
     */
    async setVisibility(id: string, visibility: Visibility): Promise<HistoryEntryRecord | null> {
      const updated = await write(async (trx) => {
        const count = await trx(TABLE)
          .where({ id, owner_subject: viewer.subject })
          .update({ visibility, owner_name: viewer.name, owner_roles_json: JSON.stringify(viewer.roles) });
        if (count === 0) return null;
        return historyRow.parse(
          await trx(TABLE)
            .select(...COLUMNS)
            .where({ id })
            .first(),
        );
      });
      byId.clear(id);
      if (updated) byId.prime(id, updated);
      return updated;
    },
  };
}
export type HistoryStorage = ReturnType<typeof createHistoryStorage>;
