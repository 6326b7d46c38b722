import { actorOf, isAdmin, requireProductWrite, type Principal } from '../auth';
import { defaultCatalog } from '../composition/catalog-metadata';
import { sha256 } from '../composition/content-hash';
import { withMeshLock } from '../db/transaction';
import { RegistryError, RegistryErrorCode, unknownProduct } from '../errors';
import { createAuditStorage } from '../storage/audit-storage';
import { createProductsStorage } from '../storage/products-storage';
import { isDeepStrictEqual } from 'node:util';
import { applyChange, NothingToStore, type PublishOutcome } from './apply-change';
import {
  auditAccessChanges,
  authorizeAccessChanges,
  hasAccessApproval,
  type AccessChange,
} from './access-governance';
import type { RegistryContext } from './context';
import { loadMeshState } from './evaluate-change';
import { assertValidSubgraph, parseInput, publishInput, requireReasonWithForce } from './publish-input';

export type { PublishOutcome };

/**
 * Publishes a product's schema: validate → (under the mesh lock) compose with every other current product →
 * diff the public API → usage → policy → a new immutable version, or a rejection that stores nothing but its
 * audit entry. An identical schema is a no-op that says so; a new product version or data version alone
 * is recorded as product metadata without a new supergraph version.
 */
export async function publishSchema(
  ctx: RegistryContext,
  principal: Principal,
  raw: unknown,
): Promise<PublishOutcome> {
  const input = parseInput(publishInput, raw);
  requireProductWrite(principal, input.product);
  requireReasonWithForce(input);
  assertValidSubgraph(input.product, input.routingUrl, input.sdl);
  const actor = actorOf(principal);

  let accessApplied: AccessChange[] = [];
  const run = withMeshLock(ctx.db, async (trx) => {
    const products = createProductsStorage(trx);
    const product = await products.get(input.product);
    if (!product && !isAdmin(principal) && !(await hasAccessApproval(trx, input.product)))
      throw unknownProduct(input.product);
    const sdlHash = sha256(input.sdl);
    const existing = await products.release(input.product, input.version);
    if (existing && existing.sdlHash !== sdlHash) {
      throw new RegistryError(
        RegistryErrorCode.VersionConflict,
        `Version ${input.version} of "${input.product}" already identifies a different schema (published ${existing.publishedAt}). ` +
          'A product version names one schema for good: bump the version.',
        { product: input.product, version: input.version },
      );
    }
    const catalog = input.catalog ?? product?.catalog ?? defaultCatalog(input.product);
    // Before anything is written: a product token may not move its product or open up its data.
    const access = await authorizeAccessChanges(trx, principal, input.product, product, {
      routingUrl: input.routingUrl,
      catalog,
    });
    accessApplied = access.changes;
    const at = new Date().toISOString();
    const state = await loadMeshState(trx);
    const current = state.subgraphs.find((s) => s.name === input.product);

    if (current && current.sdl === input.sdl && current.url === input.routingUrl) {
      const dataVersion = input.dataVersion ?? product!.currentDataVersion;
      const metadataChanged =
        product!.status !== 'active' ||
        product!.currentVersion !== input.version ||
        product!.currentDataVersion !== dataVersion ||
        !isDeepStrictEqual(product!.catalog, catalog);
      const releaseRecorded = await products.recordRelease({
        product: input.product,
        version: input.version,
        dataVersion: input.dataVersion ?? '',
        sdlHash,
        schemaSeq: state.version!.seq,
        publishedAt: at,
        publishedBy: actor,
        gitCommit: input.gitCommit,
        gitAuthor: input.gitAuthor,
        catalog,
      });
      if (!releaseRecorded && !metadataChanged) {
        // Nothing to store: roll the transaction back (not even the lock counter is kept).
        throw new NothingToStore({
          status: 'unchanged',
          message: `The schema of "${input.product}" is identical to the current one (${state.version!.id}) and ${input.version} is already recorded: nothing to do.`,
          version: state.version,
          releaseRecorded: false,
        });
      }
      if (metadataChanged)
        await products.save({
          name: input.product,
          status: 'active',
          currentVersion: input.version,
          currentDataVersion: dataVersion,
          routingUrl: input.routingUrl,
          catalog,
          at,
        });
      await createAuditStorage(trx).append({
        at,
        actor,
        action: 'publish',
        product: input.product,
        result: 'recorded',
        details: {
          version: input.version,
          dataVersion: input.dataVersion,
          schemaVersion: state.version!.id,
          releaseRecorded,
          metadataChanged,
        },
      });
      await auditAccessChanges(trx, { actor, product: input.product, at, ...access });
      // Something was stored, so the answer is PUBLISHED (of metadata), never UNCHANGED.
      return {
        status: 'recorded' as const,
        message: `The schema of "${input.product}" is identical to the current one (${state.version!.id}): no new supergraph version. Recorded ${input.product} ${input.version}${input.dataVersion ? ` with data version ${input.dataVersion}` : ''} as product metadata.`,
        version: state.version!,
      };
    }

    const entry = {
      name: input.product,
      url: input.routingUrl,
      sdl: input.sdl,
      productVersion: input.version,
    };
    const published = await applyChange(trx, ctx, {
      action: 'publish',
      product: input.product,
      state,
      entry,
      currentVersion: product?.status === 'active' ? product.currentVersion : null,
      nextVersion: input.version,
      force: input.force,
      reason: input.reason,
      actor,
      at,
      release: {
        gitCommit: input.gitCommit,
        gitAuthor: input.gitAuthor,
        dataVersion: input.dataVersion,
        catalog,
      },
      details: { version: input.version, dataVersion: input.dataVersion },
      describe: (version) =>
        `Published ${input.product} ${input.version} as schema version ${version.id} (#${version.seq}).`,
    });
    if (published.status === 'published')
      await auditAccessChanges(trx, { actor, product: input.product, at, ...access });
    return published;
  });
  const outcome = await run.catch((error: unknown) => {
    if (error instanceof NothingToStore) return error.outcome;
    throw error;
  });
  if (outcome.status === 'published') ctx.feed.notify();
  if (outcome.status !== 'rejected' && outcome.status !== 'unchanged' && accessApplied.length > 0)
    ctx.logger.warn({ product: input.product, changes: accessApplied, actor }, 'product access changed');
  ctx.logger.info({ product: input.product, version: input.version, status: outcome.status }, 'publish');
  return outcome;
}
