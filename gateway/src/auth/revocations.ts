import type { Knex } from 'knex';
import type { Logger, Migration } from '@mesh/product-kit';

/**
 * Signed-out JWTs (`POST /auth/logout`), by `jti` (or the token's SHA-256 when it has none), each kept until
 * the token would have expired anyway. The table sits in the API tokens' database, so every gateway replica
 * sharing that database refuses a signed-out token; each replica keeps the list in memory and refreshes it
 * about once a second, so authenticating a request never waits on the database.
 */
export const revocationMigration: Migration = {
  name: '002_revoked_tokens',
  async up(knex) {
    await knex.schema.createTable('gateway_revoked_tokens', (table) => {
      table.string('id', 128).primary();
      // Epoch milliseconds: compared as numbers on SQLite and PostgreSQL alike.
      table.bigInteger('expires_at').notNullable().index();
      table.bigInteger('revoked_at').notNullable().index();
    });
  },
  async down(knex) {
    await knex.schema.dropTable('gateway_revoked_tokens');
  },
};

export interface RevocationTable {
  insert(id: string, expiresAt: number, revokedAt: number): Promise<void>;
  /** Revocations recorded at or after `revokedAt` that have not expired by `now`. */
  since(revokedAt: number, now: number): Promise<Array<{ id: string; expiresAt: number }>>;
  /** Deletes the rows of tokens that have expired; how many. */
  purge(now: number): Promise<number>;
}

export function revocationTable(db: Knex): RevocationTable {
  const table = () => db('gateway_revoked_tokens');
  return {
    async insert(id, expiresAt, revokedAt) {
      await table().insert({ id, expires_at: expiresAt, revoked_at: revokedAt }).onConflict('id').ignore();
    },
    async since(revokedAt, now) {
      const rows = (await table()
        .select('id', 'expires_at')
        .where('revoked_at', '>=', revokedAt)
        .andWhere('expires_at', '>', now)) as Array<{ id: string; expires_at: string | number }>;
      // PostgreSQL returns bigint as a string.
      return rows.map((row) => ({ id: row.id, expiresAt: Number(row.expires_at) }));
    },
    purge: (now) => table().where('expires_at', '<=', now).delete(),
  };
}

export interface RevocationList {
  /** In-memory lookup: is this token id signed out? */
  has(id: string): boolean;
  /** Signs a token id out until `expiresAt` (epoch ms): here at once, on the other replicas within a refresh. */
  revoke(id: string, expiresAt: number): Promise<void>;
  /** Reads revocations made by other replicas since the last refresh. */
  refresh(): Promise<void>;
  /** Stops refreshing; resolves once a refresh in flight is done (before the database closes). */
  close(): Promise<void>;
}

/**
 * Another replica's clock may lag ours: each refresh re-reads this much before the last one (cheap: only
 * the sign-outs of the last minute).
 */
const CLOCK_SKEW_MS = 60_000;
const PURGE_EVERY_MS = 60_000;

export async function createRevocationList(options: {
  /** Shared table; absent: this replica only (no API token database). */
  table?: RevocationTable;
  refreshMs?: number;
  logger?: Logger;
}): Promise<RevocationList> {
  const revoked = new Map<string, number>();
  let lastRead = 0;
  let lastPurge = Date.now();
  let refreshing: Promise<void> | undefined;

  async function refresh(): Promise<void> {
    if (!options.table) return;
    const now = Date.now();
    const rows = await options.table.since(lastRead === 0 ? 0 : lastRead - CLOCK_SKEW_MS, now);
    lastRead = now;
    for (const row of rows) revoked.set(row.id, row.expiresAt);
    for (const [id, expiresAt] of revoked) if (expiresAt <= now) revoked.delete(id);
    if (now - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now;
      await options.table.purge(now);
    }
  }

  await refresh();
  const timer = options.table
    ? setInterval(() => {
        refreshing ??= refresh()
          .catch((error: unknown) =>
            // Keeps serving with the list it has; the next refresh tries again.
            options.logger?.warn({ err: error }, 'revoked-token list refresh failed'),
          )
          .finally(() => (refreshing = undefined));
      }, options.refreshMs ?? 1_000)
    : undefined;
  timer?.unref();

  return {
    has: (id) => {
      const expiresAt = revoked.get(id);
      return expiresAt !== undefined && expiresAt > Date.now();
    },
    async revoke(id, expiresAt) {
      revoked.set(id, expiresAt);
      await options.table?.insert(id, expiresAt, Date.now());
    },
    refresh,
    async close() {
      clearInterval(timer);
      await refreshing;
    },
  };
}
