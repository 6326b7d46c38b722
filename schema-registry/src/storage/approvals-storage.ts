import type { Knex } from 'knex';
import { z } from 'zod';

const approvalRow = z
  .object({
    product: z.string(),
    routing_url: z.string(),
    visibility: z.enum(['public', 'private']),
    approved_by: z.string(),
    approved_at: z.string(),
  })
  .transform((row) => ({
    product: row.product,
    routingUrl: row.routing_url,
    visibility: row.visibility,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
  }));
export type AccessApproval = z.infer<typeof approvalRow>;

/** The routing URL and visibility an admin approved for a product (one standing approval per product). */
export function createApprovalsStorage(db: Knex) {
  return {
    async get(product: string): Promise<AccessApproval | null> {
      const row = await db('product_access_approvals').where({ product }).first();
      return row ? approvalRow.parse(row) : null;
    },
    async save(approval: AccessApproval): Promise<void> {
      const values = {
        routing_url: approval.routingUrl,
        visibility: approval.visibility,
        approved_by: approval.approvedBy,
        approved_at: approval.approvedAt,
      };
      await db('product_access_approvals')
        .insert({ product: approval.product, ...values })
        .onConflict('product')
        .merge(values);
    },
  };
}
