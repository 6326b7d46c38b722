import { z } from 'zod';
import { actorOf, requireProductWrite, type Principal } from '../auth';
import { withMeshLock } from '../db/transaction';
import { badInput, unknownProduct } from '../errors';
import { createProductsStorage } from '../storage/products-storage';
import { createSchemaVersionsStorage } from '../storage/schema-versions-storage';
import { withCurrentAccess } from './access-governance';
import { applyChange, type PublishOutcome } from './apply-change';
import type { RegistryContext } from './context';
import { loadMeshState } from './evaluate-change';
import { forceFields, parseInput, productName, requireReasonWithForce } from './publish-input';

const rollbackInput = z.object({
  product: productName,
  /** The product version to return to (its schema as first published under that version). */
  toVersion: z.string().min(1).max(64),
  ...forceFields,
});

/**
 * Rolls a product back to the schema of one of its earlier versions. History is never rewritten: the
 * earlier schema goes through composition and every check again and becomes a NEW schema version.
 */
export async function rollbackProduct(
  ctx: RegistryContext,
  principal: Principal,
  raw: unknown,
): Promise<PublishOutcome> {
  const input = parseInput(rollbackInput, raw);
  requireProductWrite(principal, input.product);
  requireReasonWithForce(input);
  const actor = actorOf(principal);
  const outcome = await withMeshLock(ctx.db, async (trx) => {
    const products = createProductsStorage(trx);
    const product = await products.get(input.product);
    if (!product) throw unknownProduct(input.product);
    const target = await products.release(input.product, input.toVersion);
    if (!target) {
      const known = (await products.versionsOf([input.product])).get(input.product)!;
      throw badInput(
        `"${input.product}" has no version ${input.toVersion}. Known versions: ${known.join(', ')}.`,
        {
          field: 'toVersion',
        },
      );
    }
    const sdl = (await createSchemaVersionsStorage(trx).blobs([target.sdlHash])).get(target.sdlHash)!;
    const state = await loadMeshState(trx);
    const current = state.subgraphs.find((s) => s.name === input.product);
    const at = new Date().toISOString();
    if (current && current.sdl === sdl) {
      return {
        status: 'unchanged' as const,
        message: `"${input.product}" already serves the schema of ${input.toVersion}: nothing to roll back.`,
        version: state.version,
        releaseRecorded: false,
      };
    }
    return applyChange(trx, ctx, {
      action: 'rollback',
      product: input.product,
      state,
      entry: { name: input.product, url: product.routingUrl, sdl, productVersion: target.version },
      currentVersion: product.currentVersion,
      nextVersion: target.version,
      force: input.force,
      reason: input.reason,
      actor,
      at,
      release: {
        gitCommit: target.gitCommit,
        gitAuthor: target.gitAuthor,
        dataVersion: target.dataVersion || null,
        catalog: withCurrentAccess(target.catalog, product.catalog),
      },
      details: { from: product.currentVersion, toVersion: target.version },
      describe: (version) =>
        `Rolled "${input.product}" back to the schema of ${target.version}: new schema version ${version.id} (#${version.seq}).`,
    });
  });
  if (outcome.status === 'published') ctx.feed.notify();
  return outcome;
}
