import { actorOf, isAdmin, requireProductWrite, type Principal } from '../auth';
import { defaultCatalog } from '../composition/catalog-metadata';
import { sha256 } from '../composition/content-hash';
import { withMeshLock } from '../db/transaction';
import { OutcomeCode, RegistryError, RegistryErrorCode, unknownProduct } from '../errors';
import { createAuditStorage } from '../storage/audit-storage';
import { createProductsStorage } from '../storage/products-storage';
import type { SchemaVersion } from '../storage/schema-versions-storage';
import { commitVersion, replaceSubgraph } from './commit-version';
import type { RegistryContext } from './context';
import { evaluateChange, loadMeshState, type CheckReport } from './evaluate-change';
import { assertValidSubgraph, parseInput, publishInput, requireReasonWithForce } from './publish-input';

export type PublishOutcome =
  | { status: 'published'; message: string; version: SchemaVersion; check: CheckReport }
  | { status: 'unchanged'; message: string; version: SchemaVersion | null; releaseRecorded: boolean }
  | { status: 'rejected'; code: OutcomeCode; message: string; check: CheckReport };

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

  const outcome = await withMeshLock(ctx.db, async (trx) => {
    const products = createProductsStorage(trx);
    const product = await products.get(input.product);
    if (!product && !isAdmin(principal)) throw unknownProduct(input.product);
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
    const at = new Date().toISOString();
    const state = await loadMeshState(trx);
    const current = state.subgraphs.find((s) => s.name === input.product);

    if (current && current.sdl === input.sdl && current.url === input.routingUrl) {
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
      await products.save({
        name: input.product,
        status: 'active',
        currentVersion: input.version,
        currentDataVersion: input.dataVersion ?? product!.currentDataVersion,
        routingUrl: input.routingUrl,
        catalog,
        at,
      });
      await createAuditStorage(trx).append({
        at,
        actor,
        action: 'publish',
        product: input.product,
        result: 'unchanged',
        details: {
          version: input.version,
          dataVersion: input.dataVersion,
          schemaVersion: state.version!.id,
          releaseRecorded,
        },
      });
      const message = releaseRecorded
        ? `The schema of "${input.product}" is identical to the current one (${state.version!.id}): no new supergraph version. Recorded ${input.product} ${input.version}${input.dataVersion ? ` with data version ${input.dataVersion}` : ''} as product metadata.`
        : `The schema of "${input.product}" is identical to the current one (${state.version!.id}) and ${input.version} is already recorded: nothing to do.`;
      return { status: 'unchanged' as const, message, version: state.version, releaseRecorded };
    }

    const entry = {
      name: input.product,
      url: input.routingUrl,
      sdl: input.sdl,
      productVersion: input.version,
    };
    const check = await evaluateChange(trx, {
      state,
      proposed: replaceSubgraph(state, input.product, entry),
      currentVersion: product?.status === 'active' ? product.currentVersion : null,
      nextVersion: input.version,
      force: input.force,
      reason: input.reason,
      usageWindowDays: ctx.usageWindowDays,
    });
    if (check.status === 'failed') {
      return recordRejection(trx, {
        check,
        at,
        actor,
        action: 'publish',
        product: input.product,
        details: { version: input.version },
      });
    }
    const version = await commitVersion(trx, state, {
      action: 'publish',
      product: input.product,
      entry,
      supergraphSdl: check.supergraphSdl,
      apiSdl: check.apiSdl,
      changes: check.changes,
      actor,
      at,
      forced: check.policy.basis === 'forced',
      reason: input.reason,
      gitCommit: input.gitCommit,
      gitAuthor: input.gitAuthor,
      dataVersion: input.dataVersion,
      catalog,
      auditDetails: {
        version: input.version,
        dataVersion: input.dataVersion,
        summary: check.summary,
        policy: check.policy.note,
      },
      testPauseFile: ctx.testPauseFile,
    });
    return {
      status: 'published' as const,
      message: `Published ${input.product} ${input.version} as schema version ${version.id} (#${version.seq}). ${check.policy.note}`,
      version,
      check,
    };
  });
  if (outcome.status === 'published') ctx.feed.notify();
  ctx.logger.info({ product: input.product, version: input.version, status: outcome.status }, 'publish');
  return outcome;
}

/**
 * A failed check stores nothing but its audit entry: publish, rollback and retire all end this way.
 */
export async function recordRejection(
  trx: Parameters<typeof createAuditStorage>[0],
  entry: {
    check: CheckReport;
    at: string;
    actor: string;
    action: 'publish' | 'rollback' | 'retire';
    product: string;
    details: Record<string, unknown>;
  },
) {
  const rejection = rejectionOf(entry.product, entry.check);
  await createAuditStorage(trx).append({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    product: entry.product,
    result: 'rejected',
    details: { ...entry.details, code: rejection.code, message: rejection.message },
  });
  return { status: 'rejected' as const, ...rejection, check: entry.check };
}

export function rejectionOf(product: string, check: CheckReport): { code: OutcomeCode; message: string } {
  if (check.composition.status === 'failed') {
    const problems = check.composition.problems;
    return {
      code: OutcomeCode.CompositionFailed,
      message: `"${product}" does not compose with the other products (${problems.length} error(s)): ${problems.map((p) => p.message).join('; ')}. Nothing was published; the gateway keeps the current supergraph.`,
    };
  }
  const policy = check.policy!;
  return {
    code: OutcomeCode.BreakingChange,
    message: policy.status === 'blocked' ? policy.message : 'Rejected.',
  };
}
