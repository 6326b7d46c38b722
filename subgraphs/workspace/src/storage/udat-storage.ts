import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { createLoader, indexRows } from '@mesh/product-kit';
import type { DatabaseKind } from './database';
import {
  dbInt,
  jsonText,
  nowIso,
  nullableString,
  stringList,
  UDAT_KINDS,
  VISIBILITIES,
  type Owner,
  type UdatKind,
  type Visibility,
} from './rows';
import { lineageSchema, type Lineage } from '../lineage';
import type { WriteTransaction } from './store-state';
import { whereJsonArrayHas, whereSearch, whereVisibleTo, type Viewer } from './visibility';

export interface UdatRecord {
  seq: number;
  id: string;
  kind: UdatKind;
  name: string;
  description: string | null;
  tags: string[];
  owner: Owner;
  visibility: Visibility;
  /** Set when loaded with the artifact (just written); otherwise `payloads` loads it. */
  payload?: unknown;
  cohortId: string | null;
  sourceId: string | null;
  forkedFromId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Where the payload came from and what reading it takes (checked on every read of the payload). */
  lineage: Lineage;
}

export type NewUdat = Pick<
  UdatRecord,
  | 'kind'
  | 'name'
  | 'description'
  | 'tags'
  | 'visibility'
  | 'cohortId'
  | 'sourceId'
  | 'forkedFromId'
  | 'lineage'
> & { payload: unknown };

/** Fields an update may change; absent ones keep their value. */
export type UdatChanges = Partial<
  Pick<UdatRecord, 'name' | 'description' | 'tags' | 'visibility' | 'payload' | 'lineage'>
>;

export interface UdatFilter {
  kind?: UdatKind;
  tag?: string;
  search?: string;
  mine?: boolean;
}

const TABLE = 'udats';

/** Every column but payload_json: a list never reads the (possibly large) payloads it does not serve. */
const COLUMNS = [
  'seq',
  'id',
  'kind',
  'name',
  'description',
  'tags_json',
  'owner_subject',
  'owner_name',
  'visibility',
  'cohort_id',
  'source_id',
  'forked_from_id',
  'version',
  'created_at',
  'updated_at',
  'lineage_json',
] as const;

const udatRow = z
  .object({
    seq: dbInt,
    id: z.string(),
    kind: z.enum(UDAT_KINDS),
    name: z.string(),
    description: nullableString,
    tags_json: stringList,
    owner_subject: z.string(),
    owner_name: nullableString,
    visibility: z.enum(VISIBILITIES),
    cohort_id: nullableString,
    source_id: nullableString,
    forked_from_id: nullableString,
    version: dbInt,
    created_at: z.string(),
    updated_at: z.string(),
    // Every row has one (002_lineage backfilled the older ones); a missing one fails closed.
    lineage_json: jsonText(lineageSchema),
  })
  .transform((row): UdatRecord => ({
    seq: row.seq,
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    tags: row.tags_json,
    owner: { subject: row.owner_subject, name: row.owner_name },
    visibility: row.visibility,
    cohortId: row.cohort_id,
    sourceId: row.source_id,
    forkedFromId: row.forked_from_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lineage: row.lineage_json,
  }));

const parseRows = (rows: unknown[]) => rows.map((row) => udatRow.parse(row));

const payloadRow = z.object({ id: z.string(), payload_json: jsonText(z.unknown()) });

/**
 * Saved artifacts of one viewer: everything read is filtered by the row-level rule (visibility.ts);
 * every write is the viewer's own. Request-scoped (its loader caches for one request).
 */
export function createUdatStorage(db: Knex, kind: DatabaseKind, viewer: Viewer, write: WriteTransaction) {
  const visible = () => whereVisibleTo(kind, db(TABLE), viewer);

  const filtered = (filter: UdatFilter) => {
    const query = visible();
    if (filter.kind) query.where('kind', filter.kind);
    if (filter.tag) whereJsonArrayHas(kind, query, 'tags_json', filter.tag);
    if (filter.search) whereSearch(query, ['name', 'description'], filter.search);
    if (filter.mine === true) query.where('owner_subject', viewer.subject);
    if (filter.mine === false) query.whereNot('owner_subject', viewer.subject);
    return query;
  };

  const byId = createLoader<string, UdatRecord | null>(async (ids) =>
    indexRows(
      ids,
      parseRows(
        await visible()
          .select(...COLUMNS)
          .whereIn('id', [...ids]),
      ),
      (udat) => udat.id,
    ),
  );

  const payloads = createLoader<string, unknown>(async (ids) => {
    const rows = await visible()
      .select('id', 'payload_json')
      .whereIn('id', [...ids]);
    const parsed = indexRows<string, z.infer<typeof payloadRow>>(
      ids,
      rows.map((row: unknown) => payloadRow.parse(row)),
      (row) => row.id,
    );
    return parsed.map((row) => row?.payload_json ?? null);
  });

  /** The row as written, with the payload it was written with (saves reading it back). */
  const reread = async (trx: Knex.Transaction, id: string, payload: unknown) => ({
    ...udatRow.parse(
      await trx(TABLE)
        .select(...COLUMNS)
        .where({ id })
        .first(),
    ),
    ...(payload !== undefined ? { payload } : {}),
  });

  const refresh = (id: string, udat: UdatRecord | null) => {
    byId.clear(id);
    if (udat) byId.prime(id, udat);
  };

  return {
    /** Visible artifacts by id: null for missing and invisible alike. */
    byId,
    /** The payload of visible artifacts, by id. */
    payloads,

    /** One page, newest first: `first + 1` rows (the extra one tells whether another page exists). */
    async list(filter: UdatFilter, first: number, afterSeq: number | null): Promise<UdatRecord[]> {
      const query = filtered(filter)
        .select(...COLUMNS)
        .orderBy('seq', 'desc')
        .limit(first + 1);
      if (afterSeq !== null) query.where('seq', '<', afterSeq);
      return parseRows(await query);
    },

    async count(filter: UdatFilter): Promise<number> {
      const row = (await filtered(filter).count({ n: '*' }).first()) as { n: unknown } | undefined;
      return dbInt.parse(row?.n ?? 0);
    },

    async insert(udat: NewUdat): Promise<UdatRecord> {
      const id = `udat_${randomUUID()}`;
      const now = nowIso();
      const inserted = await write(async (trx) => {
        await trx(TABLE).insert({
          id,
          kind: udat.kind,
          name: udat.name,
          description: udat.description,
          tags_json: JSON.stringify(udat.tags),
          owner_subject: viewer.subject,
          owner_name: viewer.name,
          owner_roles_json: JSON.stringify(viewer.roles),
          visibility: udat.visibility,
          payload_json: JSON.stringify(udat.payload),
          cohort_id: udat.cohortId,
          source_id: udat.sourceId,
          forked_from_id: udat.forkedFromId,
          version: 1,
          created_at: now,
          updated_at: now,
          lineage_json: JSON.stringify(udat.lineage),
        });
        return reread(trx, id, udat.payload);
      });
      refresh(id, inserted);
      return inserted!;
    },

    /**
     * Applies `changes` to one of the viewer's artifacts, bumps its version and re-stamps the owner's
     * roles (TEAM means the owner's team as of this save). Null when the viewer owns no such artifact.
     */
    async update(id: string, changes: UdatChanges): Promise<UdatRecord | null> {
      const updated = await write(async (trx) => {
        const count = await trx(TABLE)
          .where({ id, owner_subject: viewer.subject })
          .update({
            ...(changes.name !== undefined ? { name: changes.name } : {}),
            ...(changes.description !== undefined ? { description: changes.description } : {}),
            ...(changes.tags !== undefined ? { tags_json: JSON.stringify(changes.tags) } : {}),
            ...(changes.visibility !== undefined ? { visibility: changes.visibility } : {}),
            ...(changes.payload !== undefined ? { payload_json: JSON.stringify(changes.payload) } : {}),
            ...(changes.lineage !== undefined ? { lineage_json: JSON.stringify(changes.lineage) } : {}),
            owner_name: viewer.name,
            owner_roles_json: JSON.stringify(viewer.roles),
            version: trx.raw('version + 1'),
            updated_at: nowIso(),
          });
        return count === 0 ? null : reread(trx, id, changes.payload);
      });
      refresh(id, updated);
      return updated;
    },

    /** Deletes one of the viewer's artifacts; false when the viewer owns no such artifact. */
    async delete(id: string): Promise<boolean> {
      const deleted = await write(async (trx) => {
        const count = await trx(TABLE).where({ id, owner_subject: viewer.subject }).delete();
        return count === 0 ? null : true;
      });
      refresh(id, null);
      return deleted === true;
    },
  };
}
export type UdatStorage = ReturnType<typeof createUdatStorage>;
