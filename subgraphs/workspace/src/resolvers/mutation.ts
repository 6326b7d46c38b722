import {
  editedLineage,
  hashResult,
  normaliseRequirements,
  sameContent,
  userSuppliedLineage,
  type Lineage,
} from '../lineage';
import type { Visibility } from '../storage';
import {
  forkName,
  parseArgument,
  parsePayload,
  recordRunInput,
  saveUdatInput,
  updateUdatInput,
} from '../validation';
import { badUserInput, InputErrorReason } from '@mesh/product-kit';
import { contentAccess } from './content-access';
import type { WorkspaceContext } from './context';
import { missing, notOwner, requireSubject } from './errors';

const FORK_SUFFIX = ' (fork)';

/**
 * A claimed payload's product: an AnalysisResult names the product that computed it. Taken as a claim
 * only (its read scope is required), never as the product's authority.
 */
function claimedProductOf(payload: unknown) {
  const claimed = payload as { product?: unknown; version?: unknown; dataVersion?: unknown } | null;
  return typeof claimed?.product === 'string' && /^[a-z][a-z0-9]*$/.test(claimed.product)
    ? [
        {
          name: claimed.product,
          version: String(claimed.version ?? ''),
          dataVersion: String(claimed.dataVersion ?? ''),
        },
      ]
    : [];
}

/** Loads an artifact the caller can see and owns, or says why not (NOT_FOUND / FORBIDDEN). */
async function ownedUdat(ctx: WorkspaceContext, id: string, action: string) {
  const udat = await ctx.storage.udats.byId.load(id);
  if (!udat) throw missing('udat', id);
  if (udat.owner.subject !== ctx.caller.subject) throw notOwner('udat', udat.owner, action);
  return udat;
}

export const Mutation = {
  /**
   * Records a run. Only the gateway's own recording call (signed `rec` claim) establishes lineage: the
   * products that answered and the scopes the operation's fields require. A client's call is stored as
   * user-supplied: its products become claims, its hash is recomputed, and its claimed products' read
   * scopes are still required to read the result.
   */
  async recordRun(_: unknown, { input }: { input: unknown }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    const run = parseArgument(recordRunInput, input, 'input');
    if (run.parentId && !(await ctx.storage.history.byId.load(run.parentId)))
      throw missing('run', run.parentId, 'input.parentId');
    const { requiredScopes, ...entry } = run;
    const computedHash = run.result === null ? null : hashResult(run.result);
    if (ctx.caller.recording === true) {
      const lineage: Lineage = {
        userSupplied: false,
        products: run.products,
        supergraphId: run.supergraphId,
        requiredScopes: normaliseRequirements(requiredScopes),
        claimedProducts: [],
      };
      return ctx.storage.history.insert({ ...entry, resultHash: run.resultHash ?? computedHash, lineage });
    }
    const lineage = userSuppliedLineage({
      claimedProducts: run.products,
      supergraphId: run.supergraphId,
      inherited: requiredScopes,
    });
    return ctx.storage.history.insert({ ...entry, products: [], resultHash: computedHash, lineage });
  },

  async setHistoryVisibility(
    _: unknown,
    { id, visibility }: { id: string; visibility: Visibility },
    ctx: WorkspaceContext,
  ) {
    requireSubject(ctx.caller);
    const entry = await ctx.storage.history.byId.load(id);
    if (!entry) throw missing('run', id);
    if (entry.owner.subject !== ctx.caller.subject)
      throw notOwner('run', entry.owner, 'change the visibility of');
    const updated = await ctx.storage.history.setVisibility(id, visibility);
    if (!updated) throw missing('run', id);
    return updated;
  },

  /**
   * Saves an artifact. A RESULT saved from a run copies that run's result and lineage server-side; a
   * payload the client sends instead that differs from it is user-supplied, still needing all the run
   * needed. Other payloads (criteria, lists) are the user's own: user-supplied, needing what they claim.
   */
  async saveUdat(_: unknown, { input }: { input: unknown }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    const udat = parseArgument(saveUdatInput, input, 'input');
    const source = udat.sourceId ? await ctx.storage.history.byId.load(udat.sourceId) : null;
    if (udat.sourceId && !source) throw missing('run', udat.sourceId, 'input.sourceId');
    if (udat.kind === 'RESULT' && source) {
      const result =
        source.result !== undefined ? source.result : await ctx.storage.history.results.load(source.id);
      if (udat.payload === undefined && (result === null || result === undefined))
        throw badUserInput(
          `input.payload: the run ${source.id} recorded no result to save: give the payload, or save another run.`,
          { reason: InputErrorReason.InvalidParameter, argument: 'input.payload' },
        );
      // Compared only for a caller who may read the run's result: otherwise whether the lineage was copied
      // (lineage.userSupplied) would tell a guessed payload from a wrong one.
      const copied =
        udat.payload === undefined ||
        (contentAccess(source.lineage, ctx).readable && sameContent(udat.payload, result));
      return ctx.storage.udats.insert({
        ...udat,
        payload: copied ? result : udat.payload,
        forkedFromId: null,
        lineage: copied ? source.lineage : editedLineage(source.lineage),
      });
    }
    const lineage = userSuppliedLineage({
      claimedProducts: udat.kind === 'RESULT' ? claimedProductOf(udat.payload) : [],
    });
    return ctx.storage.udats.insert({ ...udat, forkedFromId: null, lineage });
  },

  async updateUdat(_: unknown, { id, input }: { id: string; input: unknown }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    const changes = parseArgument(updateUdatInput, input, 'input');
    const udat = await ownedUdat(ctx, id, 'update');
    const payload =
      changes.payload === undefined ? undefined : parsePayload(udat.kind, changes.payload, 'input.payload');
    // Changed content is the owner's own now: user-supplied, yet needing everything it needed before.
    // Compared only when the owner may read the current content (a scope revoked, a fork of withheld
    // content): otherwise whether the lineage changed would tell a guessed payload from a wrong one.
    const readable = contentAccess(udat.lineage, ctx).readable;
    const current =
      payload === undefined || !readable ? undefined : await ctx.storage.udats.payloads.load(id);
    const lineage =
      payload === undefined || (readable && sameContent(payload, current))
        ? undefined
        : editedLineage(udat.lineage);
    const updated = await ctx.storage.udats.update(id, { ...changes, payload, lineage });
    if (!updated) throw missing('udat', id);
    return updated;
  },

  async forkUdat(_: unknown, args: { id: string; name?: string | null }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    const name = parseArgument(forkName, args.name, 'name');
    const original = await ctx.storage.udats.byId.load(args.id);
    if (!original) throw missing('udat', args.id);
    const payload = original.payload ?? (await ctx.storage.udats.payloads.load(original.id));
    return ctx.storage.udats.insert({
      kind: original.kind,
      name: name ?? `${original.name.slice(0, 200 - FORK_SUFFIX.length)}${FORK_SUFFIX}`,
      description: original.description,
      tags: original.tags,
      visibility: 'PRIVATE',
      payload,
      cohortId: original.cohortId,
      sourceId: original.sourceId,
      forkedFromId: original.id,
      // A copy is no more open than its original: the same lineage, checked again on every read.
      lineage: original.lineage,
    });
  },

  async deleteUdat(_: unknown, { id }: { id: string }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    await ownedUdat(ctx, id, 'delete');
    if (!(await ctx.storage.udats.delete(id))) throw missing('udat', id);
    return true;
  },
};
