import { isDeepStrictEqual } from 'node:util';
import type { Knex } from 'knex';
import { z } from 'zod';
import { actorOf, isAdmin, requireAdmin, type Principal } from '../auth';
import type { CatalogMetadata } from '../composition/catalog-metadata';
import { RegistryError, RegistryErrorCode } from '../errors';
import { createApprovalsStorage, type AccessApproval } from '../storage/approvals-storage';
import { createAuditStorage } from '../storage/audit-storage';
import type { Product } from '../storage/products-storage';
import type { RegistryContext } from './context';
import { parseInput, productName } from './publish-input';

/**
 * Who reaches a product and who may read its data is not the product's own call: its routing URL (where
 * the gateway sends every caller's signed identity), its visibility (whether `<product>:read` is needed)
 * and its owner. A product token may publish schema and data versions; changing any of these needs an
 * admin token, or a standing approval an admin granted (`mesh approve`) for exactly the new values.
 */
export interface AccessChange {
  field: 'routingUrl' | 'visibility' | 'owner';
  from: unknown;
  to: unknown;
}

export interface AccessFields {
  routingUrl: string;
  catalog: CatalogMetadata;
}

/** The access-relevant differences between a product's stored state (null: new product) and a publish. */
export function accessChanges(current: Product | null, next: AccessFields): AccessChange[] {
  const changes: AccessChange[] = [];
  const from = current ? { routingUrl: current.routingUrl, catalog: current.catalog } : null;
  if (from?.routingUrl !== next.routingUrl)
    changes.push({ field: 'routingUrl', from: from?.routingUrl ?? null, to: next.routingUrl });
  if (from?.catalog.visibility !== next.catalog.visibility)
    changes.push({
      field: 'visibility',
      from: from?.catalog.visibility ?? null,
      to: next.catalog.visibility,
    });
  if (from && !isDeepStrictEqual(from.catalog.owner ?? null, next.catalog.owner ?? null))
    changes.push({ field: 'owner', from: from.catalog.owner ?? null, to: next.catalog.owner ?? null });
  return changes;
}

/**
 * The catalogue a rollback stores: the earlier release's, but with the product's CURRENT visibility and
 * owner. A rollback restores a schema; an earlier release recorded as public must not re-open data an admin
 * has since made private (the routing URL, likewise, stays the current one).
 */
export function withCurrentAccess(restored: CatalogMetadata, current: CatalogMetadata): CatalogMetadata {
  const { owner: _restoredOwner, ...rest } = restored;
  return {
    ...rest,
    visibility: current.visibility,
    ...(current.owner === undefined ? {} : { owner: current.owner }),
  };
}

const covered = (change: AccessChange, approval: AccessApproval | null, isNew: boolean) =>
  approval !== null &&
  ((change.field === 'routingUrl' && change.to === approval.routingUrl) ||
    (change.field === 'visibility' && change.to === approval.visibility) ||
    // A new product's first owner comes with the admin's approval to register it.
    (change.field === 'owner' && isNew));

/**
 * Refuses (FORBIDDEN, nothing stored: the caller's transaction rolls back) an access change a product
 * token is not approved for. Returns the changes to audit once the publish is applied.
 */
export async function authorizeAccessChanges(
  trx: Knex.Transaction,
  principal: Principal,
  product: string,
  current: Product | null,
  next: AccessFields,
): Promise<{ changes: AccessChange[]; approvedBy: string | null }> {
  const changes = accessChanges(current, next);
  if (changes.length === 0 || isAdmin(principal)) return { changes, approvedBy: null };
  const approval = await createApprovalsStorage(trx).get(product);
  const refused = changes.filter((change) => !covered(change, approval, current === null));
  if (refused.length === 0) return { changes, approvedBy: approval!.approvedBy };
  const ownerRefused = refused.some((change) => change.field === 'owner');
  const ask = ownerRefused
    ? 'Ask a registry admin to publish it with an admin token (the owner is not approvable)'
    : `Ask a registry admin to run \`mesh approve --product ${product} --url ${next.routingUrl} --visibility ${next.catalog.visibility}\` (or to publish with an admin token)`;
  throw new RegistryError(
    RegistryErrorCode.Forbidden,
    `${current ? 'Changing' : 'Registering'} the ${refused.map((c) => c.field).join(' and ')} of "${product}" needs a registry admin: a product token may publish schema and data versions only. Nothing was stored. ${ask}, then publish again.`,
    { product, reason: 'ACCESS_CHANGE_NEEDS_ADMIN', refused },
  );
}

/** Audits access changes a publish applied: who, what from → to, and whose approval allowed it. */
export async function auditAccessChanges(
  trx: Knex.Transaction,
  entry: { actor: string; product: string; at: string; changes: AccessChange[]; approvedBy: string | null },
): Promise<void> {
  if (entry.changes.length === 0) return;
  await createAuditStorage(trx).append({
    at: entry.at,
    actor: entry.actor,
    action: 'access.change',
    product: entry.product,
    result: 'accepted',
    details: { changes: entry.changes, approvedBy: entry.approvedBy },
  });
}

const approveInput = z.object({
  product: productName,
  routingUrl: z.url({
    protocol: /^https?$/,
    error: "must be an http(s) URL of the product's GraphQL endpoint",
  }),
  visibility: z.enum(['public', 'private']),
});

/** Admin: approve the routing URL and visibility a product's own token may then publish. Audited. */
export async function approveProductAccess(
  ctx: RegistryContext,
  principal: Principal,
  raw: unknown,
): Promise<AccessApproval> {
  requireAdmin(principal);
  const input = parseInput(approveInput, raw);
  const approval: AccessApproval = {
    ...input,
    approvedBy: actorOf(principal),
    approvedAt: new Date().toISOString(),
  };
  await ctx.db.transaction(async (trx) => {
    const approvals = createApprovalsStorage(trx);
    const previous = await approvals.get(input.product);
    if (previous && previous.routingUrl === input.routingUrl && previous.visibility === input.visibility) {
      Object.assign(approval, previous);
      return;
    }
    await approvals.save(approval);
    await createAuditStorage(trx).append({
      at: approval.approvedAt,
      actor: approval.approvedBy,
      action: 'access.approve',
      product: input.product,
      result: 'accepted',
      details: {
        from: previous ? { routingUrl: previous.routingUrl, visibility: previous.visibility } : null,
        to: { routingUrl: input.routingUrl, visibility: input.visibility },
      },
    });
  });
  ctx.logger.warn(
    {
      product: input.product,
      routingUrl: input.routingUrl,
      visibility: input.visibility,
      by: approval.approvedBy,
    },
    'product access approved',
  );
  return approval;
}

export async function hasAccessApproval(db: Knex, product: string): Promise<boolean> {
  return (await createApprovalsStorage(db).get(product)) !== null;
}
