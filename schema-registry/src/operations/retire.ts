import { z } from 'zod';
import { actorOf, requireProductWrite, type Principal } from '../auth';
import { withMeshLock } from '../db/transaction';
import { badInput, unknownProduct } from '../errors';
import { createProductsStorage } from '../storage/products-storage';
import { applyChange, type PublishOutcome } from './apply-change';
import type { RegistryContext } from './context';
import { loadMeshState } from './evaluate-change';
import { forceFields, parseInput, productName, requireReasonWithForce } from './publish-input';

const retireInput = z.object({
  product: productName,
  ...forceFields,
});

/**
 * Takes a product out of the supergraph, with the same checks as a publish: its fields disappear from the
 * API, so clients still using them block it unless forced with a reason. Its catalogue entry and history
 * stay (status retired); publishing again brings it back.
 */
export async function retireProduct(
  ctx: RegistryContext,
  principal: Principal,
  raw: unknown,
): Promise<PublishOutcome> {
  const input = parseInput(retireInput, raw);
  requireProductWrite(principal, input.product);
  requireReasonWithForce(input);
  const actor = actorOf(principal);
  const outcome = await withMeshLock(ctx.db, async (trx) => {
    const product = await createProductsStorage(trx).get(input.product);
    if (!product) throw unknownProduct(input.product);
    const state = await loadMeshState(trx);
    if (product.status === 'retired' || !state.subgraphs.some((s) => s.name === input.product)) {
      return {
        status: 'unchanged' as const,
        message: `"${input.product}" is already retired.`,
        version: state.version,
        releaseRecorded: false,
      };
    }
    if (state.subgraphs.length === 1) {
      throw badInput(`"${input.product}" is the last product of the mesh; a supergraph needs at least one.`, {
        field: 'product',
      });
    }
    return applyChange(trx, ctx, {
      action: 'retire',
      product: input.product,
      state,
      entry: null,
      currentVersion: null,
      nextVersion: null,
      force: input.force,
      reason: input.reason,
      actor,
      at: new Date().toISOString(),
      release: { gitCommit: null, gitAuthor: null, dataVersion: null, catalog: product.catalog },
      details: { version: product.currentVersion },
      describe: (version) =>
        `Retired "${input.product}": new schema version ${version.id} (#${version.seq}) without it.`,
    });
  });
  if (outcome.status === 'published') ctx.feed.notify();
  return outcome;
}
