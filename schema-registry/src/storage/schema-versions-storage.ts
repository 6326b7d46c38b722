import type { Knex } from 'knex';
import { z } from 'zod';
import { sha256 } from '../composition/content-hash';
import { schemaChange, type SchemaChange } from '../composition/diff-schemas';
import { dbBoolean, dbInt, jsonText, nullableString } from './rows';

export const versionAction = z.enum(['publish', 'rollback', 'retire']);
export type VersionAction = z.infer<typeof versionAction>;

const versionRow = z
  .object({
    seq: dbInt,
    id: z.string(),
    supergraph_hash: z.string(),
    api_hash: z.string(),
    action: versionAction,
    product: z.string(),
    product_version: nullableString,
    created_at: z.string(),
    created_by: z.string(),
    forced: dbBoolean,
    reason: nullableString,
    git_commit: nullableString,
    git_author: nullableString,
    changes_json: jsonText(z.array(schemaChange)),
  })
  .transform((row) => ({
    seq: row.seq,
    id: row.id,
    supergraphHash: row.supergraph_hash,
    apiHash: row.api_hash,
    action: row.action,
    product: row.product,
    productVersion: row.product_version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    forced: row.forced,
    reason: row.reason,
    gitCommit: row.git_commit,
    gitAuthor: row.git_author,
    changes: row.changes_json,
  }));
export type SchemaVersion = z.infer<typeof versionRow>;

const subgraphRow = z
  .object({
    seq: dbInt,
    product: z.string(),
    routing_url: z.string(),
    sdl_hash: z.string(),
    product_version: z.string(),
  })
  .transform((row) => ({
    seq: row.seq,
    product: row.product,
    routingUrl: row.routing_url,
    sdlHash: row.sdl_hash,
    productVersion: row.product_version,
  }));
export type VersionSubgraph = z.infer<typeof subgraphRow>;

export interface NewSchemaVersion {
  id: string;
  supergraphSdl: string;
  apiSdl: string;
  action: VersionAction;
  product: string;
  productVersion: string | null;
  createdAt: string;
  createdBy: string;
  forced: boolean;
  reason: string | null;
  gitCommit: string | null;
  gitAuthor: string | null;
  changes: SchemaChange[];
  subgraphs: { product: string; routingUrl: string; sdl: string; productVersion: string }[];
}

/** Immutable schema versions of the mesh (linear, by `seq`) and the content-addressed texts they share. */
export function createSchemaVersionsStorage(db: Knex) {
  async function putBlob(content: string): Promise<string> {
    const hash = sha256(content);
    await db('blobs').insert({ hash, content }).onConflict('hash').ignore();
    return hash;
  }

  async function blobs(hashes: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return new Map();
    const rows = z
      .array(z.object({ hash: z.string(), content: z.string() }))
      .parse(await db('blobs').whereIn('hash', unique).select('hash', 'content'));
    return new Map(rows.map((row) => [row.hash, row.content]));
  }

  async function headSeq(): Promise<number> {
    const row = z
      .object({ head_seq: dbInt })
      .parse(await db('registry_state').where({ id: 1 }).first('head_seq'));
    return row.head_seq;
  }

  async function bySeq(seq: number): Promise<SchemaVersion | null> {
    const row = await db('schema_versions').where({ seq }).first();
    return row ? versionRow.parse(row) : null;
  }

  async function subgraphsOf(seqs: readonly number[]): Promise<Map<number, VersionSubgraph[]>> {
    const result = new Map<number, VersionSubgraph[]>(seqs.map((seq) => [seq, []]));
    if (seqs.length === 0) return result;
    const rows = await db('version_subgraphs')
      .whereIn('seq', [...new Set(seqs)])
      .orderBy(['seq', 'product']);
    for (const row of rows) {
      const parsed = subgraphRow.parse(row);
      result.get(parsed.seq)!.push(parsed);
    }
    return result;
  }

  return {
    putBlob,
    blobs,
    headSeq,
    bySeq,
    subgraphsOf,

    async current(): Promise<SchemaVersion | null> {
      const seq = await headSeq();
      return seq === 0 ? null : bySeq(seq);
    },

    /** The newest version with this content id (the same content can recur, e.g. after a rollback). */
    async byId(id: string): Promise<SchemaVersion | null> {
      const row = await db('schema_versions').where({ id }).orderBy('seq', 'desc').first();
      return row ? versionRow.parse(row) : null;
    },

    /** Newest first; `product` narrows to versions that product's publishes, rollbacks or retirement made. */
    async list(options: { product?: string; first: number; beforeSeq?: number }): Promise<SchemaVersion[]> {
      const query = db('schema_versions').orderBy('seq', 'desc').limit(options.first);
      if (options.product) query.where({ product: options.product });
      if (options.beforeSeq !== undefined) query.where('seq', '<', options.beforeSeq);
      return (await query).map((row: unknown) => versionRow.parse(row));
    },

    /** Appends a version at head + 1 and moves the head. Call inside `withMeshLock`. */
    async append(version: NewSchemaVersion): Promise<SchemaVersion> {
      const seq = (await headSeq()) + 1;
      const [supergraphHash, apiHash] = [await putBlob(version.supergraphSdl), await putBlob(version.apiSdl)];
      await db('schema_versions').insert({
        seq,
        id: version.id,
        supergraph_hash: supergraphHash,
        api_hash: apiHash,
        action: version.action,
        product: version.product,
        product_version: version.productVersion,
        created_at: version.createdAt,
        created_by: version.createdBy,
        forced: version.forced,
        reason: version.reason,
        git_commit: version.gitCommit,
        git_author: version.gitAuthor,
        changes_json: JSON.stringify(version.changes),
      });
      const subgraphRows = [];
      for (const subgraph of version.subgraphs) {
        subgraphRows.push({
          seq,
          product: subgraph.product,
          routing_url: subgraph.routingUrl,
          sdl_hash: await putBlob(subgraph.sdl),
          product_version: subgraph.productVersion,
        });
      }
      if (subgraphRows.length > 0) await db('version_subgraphs').insert(subgraphRows);
      await db('registry_state').where({ id: 1 }).update({ head_seq: seq });
      return (await bySeq(seq))!;
    },
  };
}
export type SchemaVersionsStorage = ReturnType<typeof createSchemaVersionsStorage>;
