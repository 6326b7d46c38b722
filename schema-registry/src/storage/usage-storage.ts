import type { Knex } from 'knex';
import { z } from 'zod';
import type { CoordinateLookup, UsageRow } from '../composition/usage-impact';
import { dbInt, nullableString } from './rows';

export interface OperationUsageReport {
  hash: string;
  name: string | null;
  body: string;
  /** Length of the full operation text when `body` is a truncated prefix. */
  bodyChars: number | null;
  clientName: string;
  clientVersion: string;
  coordinates: string[];
  /** Start of the hour the calls fall in (ISO 8601). */
  bucket: string;
  count: number;
}

const usageRow = z
  .object({
    coordinate: z.string(),
    hash: z.string(),
    name: nullableString,
    client_name: z.string(),
    client_version: z.string(),
    count: dbInt,
  })
  .transform((row) => ({
    coordinate: row.coordinate,
    hash: row.hash,
    name: row.name,
    clientName: row.client_name,
    clientVersion: row.client_version,
    count: row.count,
  }));

const CHUNK = 200;
const chunks = <T>(items: readonly T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Operations the gateways saw, the schema coordinates each uses, and call counts per client and hour. */
export function createUsageStorage(db: Knex) {
  return {
    async ingest(reports: readonly OperationUsageReport[], at: string): Promise<void> {
      const operations = new Map<string, OperationUsageReport>();
      for (const report of reports) operations.set(report.hash, report);
      for (const batch of chunks([...operations.values()])) {
        await db('operations')
          .insert(
            batch.map((op) => ({
              hash: op.hash,
              name: op.name,
              body: op.body,
              body_chars: op.bodyChars,
              first_seen: at,
              last_seen: at,
            })),
          )
          .onConflict('hash')
          .merge(['last_seen']);
      }
      const coordinates = [...operations.values()].flatMap((op) =>
        [...new Set(op.coordinates)].map((coordinate) => ({ hash: op.hash, coordinate })),
      );
      for (const batch of chunks(coordinates)) {
        await db('operation_coordinates').insert(batch).onConflict(['hash', 'coordinate']).ignore();
      }
      // Sum duplicates within the report first: one upsert per (operation, client, hour).
      const counts = new Map<
        string,
        { hash: string; client_name: string; client_version: string; bucket: string; count: number }
      >();
      for (const report of reports) {
        const key = JSON.stringify([report.hash, report.clientName, report.clientVersion, report.bucket]);
        const entry = counts.get(key);
        if (entry) entry.count += report.count;
        else
          counts.set(key, {
            hash: report.hash,
            client_name: report.clientName,
            client_version: report.clientVersion,
            bucket: report.bucket,
            count: report.count,
          });
      }
      for (const batch of chunks([...counts.values()])) {
        await db('operation_usage')
          .insert(batch)
          .onConflict(['hash', 'client_name', 'client_version', 'bucket'])
          .merge({ count: db.raw('?? + excluded.??', ['operation_usage.count', 'count']) });
      }
    },

    /** Every (coordinate, operation, client) with calls since `since` that matches one of the lookups. */
    async usageOf(lookups: readonly CoordinateLookup[], since: string): Promise<UsageRow[]> {
      const exact = [...new Set(lookups.flatMap((lookup) => lookup.exact))];
      const prefixes = [...new Set(lookups.flatMap((lookup) => lookup.prefixes))];
      if (exact.length === 0 && prefixes.length === 0) return [];
      const rows = await db('operation_coordinates as oc')
        .join('operations as o', 'o.hash', 'oc.hash')
        .join('operation_usage as u', 'u.hash', 'oc.hash')
        .where('u.bucket', '>=', since)
        .where((where) => {
          if (exact.length > 0) where.orWhereIn('oc.coordinate', exact);
          // LIKE may over-match (`_` wildcard, SQLite's case folding); attachUsage filters exactly.
          for (const prefix of prefixes) where.orWhere('oc.coordinate', 'like', `${prefix}%`);
        })
        .groupBy('oc.coordinate', 'oc.hash', 'o.name', 'u.client_name', 'u.client_version')
        .select(
          'oc.coordinate',
          'oc.hash',
          'o.name',
          'u.client_name',
          'u.client_version',
          db.raw('sum(u.count) as count'),
        );
      return rows.map((row: unknown) => usageRow.parse(row));
    },

    async operationCount(): Promise<number> {
      return z.object({ n: dbInt }).parse(await db('operations').count({ n: '*' }).first()).n;
    },

    /** Deletes usage buckets older than `cutoff` and operations not seen since; returns operations deleted. */
    async deleteOlderThan(cutoff: string): Promise<number> {
      await db('operation_usage').where('bucket', '<', cutoff).delete();
      const stale = db('operations').where('last_seen', '<', cutoff).select('hash');
      await db('operation_usage').whereIn('hash', stale.clone()).delete();
      await db('operation_coordinates').whereIn('hash', stale.clone()).delete();
      return db('operations').where('last_seen', '<', cutoff).delete();
    },

    /** Deletes the `n` least recently seen operations with their coordinates and usage. */
    async deleteLeastRecent(n: number): Promise<number> {
      const hashes = (
        await db('operations')
          .orderBy([{ column: 'last_seen' }, { column: 'hash' }])
          .limit(n)
          .select('hash')
      ).map((row: { hash: string }) => row.hash);
      for (const batch of chunks(hashes)) {
        await db('operation_usage').whereIn('hash', batch).delete();
        await db('operation_coordinates').whereIn('hash', batch).delete();
        await db('operations').whereIn('hash', batch).delete();
      }
      return hashes.length;
    },

    async operationsSince(since: string): Promise<number> {
      const row = z
        .object({ n: dbInt })
        .parse(await db('operation_usage').where('bucket', '>=', since).countDistinct({ n: 'hash' }).first());
      return row.n;
    },
  };
}
export type UsageStorage = ReturnType<typeof createUsageStorage>;
