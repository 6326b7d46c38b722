import type { Knex } from 'knex';
import { z } from 'zod';
import { dbInt, jsonText, nullableString } from './rows';

export const auditAction = z.enum([
  'publish',
  'check',
  'force',
  'rollback',
  'retire',
  'register',
  'token.create',
  'token.revoke',
  'access.approve',
  'access.change',
]);
export type AuditAction = z.infer<typeof auditAction>;

const auditRow = z
  .object({
    id: dbInt,
    at: z.string(),
    actor: z.string(),
    action: auditAction,
    product: nullableString,
    result: z.string(),
    details_json: jsonText(z.record(z.string(), z.unknown())),
  })
  .transform((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    product: row.product,
    result: row.result,
    details: row.details_json,
  }));
export type AuditEntry = z.infer<typeof auditRow>;

/** Append-only log of every publish, check, force, rollback, retirement and token change. */
export function createAuditStorage(db: Knex) {
  return {
    async append(entry: Omit<AuditEntry, 'id'>): Promise<void> {
      await db('audit_log').insert({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        product: entry.product,
        result: entry.result,
        details_json: JSON.stringify(entry.details),
      });
    },
    /** Newest first, paginated by id. */
    async list(options: { product?: string; action?: AuditAction; first: number; beforeId?: number }) {
      const query = db('audit_log').orderBy('id', 'desc').limit(options.first);
      if (options.product) query.where({ product: options.product });
      if (options.action) query.where({ action: options.action });
      if (options.beforeId !== undefined) query.where('id', '<', options.beforeId);
      return (await query).map((row: unknown) => auditRow.parse(row));
    },
  };
}
export type AuditStorage = ReturnType<typeof createAuditStorage>;
