import { z } from 'zod';
import { actorOf, requireProductWrite, type Principal } from '../auth';
import { withMeshLock } from '../db/transaction';
import { badInput, unknownProduct } from '../errors';
import { createProductsStorage } from '../storage/products-storage';
import { commitVersion, replaceSubgraph } from './commit-version';
import type { RegistryContext } from './context';
import { evaluateChange, loadMeshState } from './evaluate-change';
import { forceFields, parseInput, productName, requireReasonWithForce } from './publish-input';
import { recordRejection, type PublishOutcome } from './publish';

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
    const proposed = replaceSubgraph(state, input.product, null);
    if (proposed.length === 0) {
      throw badInput(`"${input.product}" is the last product of the mesh; a supergraph needs at least one.`, {
        field: 'product',
      });
    }
    const check = await evaluateChange(trx, {
      state,
      proposed,
      currentVersion: null,
      nextVersion: null,
      force: input.force,
      reason: input.reason,
      usageWindowDays: ctx.usageWindowDays,
    });
    const at = new Date().toISOString();
    if (check.status === 'failed') {
      return recordRejection(trx, {
        check,
        at,
        actor,
        action: 'retire',
        product: input.product,
        details: {},
      });
    }
    const version = await commitVersion(trx, state, {
      action: 'retire',
      product: input.product,
      entry: null,
      supergraphSdl: check.supergraphSdl,
      apiSdl: check.apiSdl,
      changes: check.changes,
      actor,
      at,
      forced: check.policy.basis === 'forced',
      reason: input.reason,
      gitCommit: null,
      gitAuthor: null,
      dataVersion: null,
      catalog: product.catalog,
      auditDetails: { version: product.currentVersion, summary: check.summary },
      testPauseFile: ctx.testPauseFile,
    });
    return {
      status: 'published' as const,
      message: `Retired "${input.product}": new schema version ${version.id} (#${version.seq}) without it. ${check.policy.note}`,
      version,
      check,
    };
  });
  if (outcome.status === 'published') ctx.feed.notify();
  return outcome;
}
