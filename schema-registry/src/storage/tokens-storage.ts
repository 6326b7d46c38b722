import type { Knex } from 'knex';
import { z } from 'zod';
import { nullableString } from './rows';

export const tokenScope = z.enum(['admin', 'product', 'read', 'gateway']);
export type TokenScope = z.infer<typeof tokenScope>;

const tokenRow = z
  .object({
    id: z.string(),
    name: z.string(),
    token_hash: z.string(),
    scope: tokenScope,
    product: nullableString,
    created_at: z.string(),
    created_by: z.string(),
    revoked_at: nullableString,
  })
  .transform((row) => ({
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    scope: row.scope,
    product: row.product,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  }));
export type StoredToken = z.infer<typeof tokenRow>;

/** Access tokens, stored as SHA-256 hashes only: the secret is shown once, at creation. */
export function createTokensStorage(db: Knex) {
  return {
    async insert(token: Omit<StoredToken, 'revokedAt'>): Promise<void> {
      await db('tokens').insert({
        id: token.id,
        name: token.name,
        token_hash: token.tokenHash,
        scope: token.scope,
        product: token.product,
        created_at: token.createdAt,
        created_by: token.createdBy,
      });
    },
    async findByHash(tokenHash: string): Promise<StoredToken | null> {
      const row = await db('tokens').where({ token_hash: tokenHash }).first();
      return row ? tokenRow.parse(row) : null;
    },
    async get(id: string): Promise<StoredToken | null> {
      const row = await db('tokens').where({ id }).first();
      return row ? tokenRow.parse(row) : null;
    },
    async list(): Promise<StoredToken[]> {
      return (await db('tokens').orderBy('created_at')).map((row: unknown) => tokenRow.parse(row));
    },
    /** Deletes every token of this name; returns what was deleted (for the audit log). */
    async deleteByName(name: string): Promise<StoredToken[]> {
      const rows = (await db('tokens').where({ name })).map((row: unknown) => tokenRow.parse(row));
      if (rows.length > 0) await db('tokens').where({ name }).delete();
      return rows;
    },
    async revoke(id: string, at: string): Promise<void> {
      await db('tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: at });
    },
  };
}
export type TokensStorage = ReturnType<typeof createTokensStorage>;
