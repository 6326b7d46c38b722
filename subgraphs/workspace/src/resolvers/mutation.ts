import { createHash } from 'node:crypto';
import { canonicalJson } from '@mesh/product-kit';
import type { Visibility } from '../storage';
import {
  forkName,
  parseArgument,
  parsePayload,
  recordRunInput,
  saveUdatInput,
  updateUdatInput,
} from '../validation';
import type { WorkspaceContext } from './context';
import { missing, notOwner, requireSubject } from './errors';

const FORK_SUFFIX = ' (fork)';

/** The hash of a result recorded without one: sha256 of its canonical JSON (sorted keys). */
function hashResult(result: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(result)).digest('hex')}`;
}

/** Loads an artifact the caller can see and owns, or says why not (NOT_FOUND / FORBIDDEN). */
async function ownedUdat(ctx: WorkspaceContext, id: string, action: string) {
  const udat = await ctx.storage.udats.byId.load(id);
  if (!udat) throw missing('udat', id);
  if (udat.owner.subject !== ctx.caller.subject) throw notOwner('udat', udat.owner, action);
  return udat;
}

export const Mutation = {
  async recordRun(_: unknown, { input }: { input: unknown }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    const run = parseArgument(recordRunInput, input, 'input');
    if (run.parentId && !(await ctx.storage.history.byId.load(run.parentId)))
      throw missing('run', run.parentId, 'input.parentId');
    const resultHash = run.resultHash ?? (run.result === null ? null : hashResult(run.result));
    return ctx.storage.history.insert({ ...run, resultHash });
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

  async saveUdat(_: unknown, { input }: { input: unknown }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    const udat = parseArgument(saveUdatInput, input, 'input');
    if (udat.sourceId && !(await ctx.storage.history.byId.load(udat.sourceId)))
      throw missing('run', udat.sourceId, 'input.sourceId');
    return ctx.storage.udats.insert({ ...udat, forkedFromId: null });
  },

  async updateUdat(_: unknown, { id, input }: { id: string; input: unknown }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    const changes = parseArgument(updateUdatInput, input, 'input');
    const udat = await ownedUdat(ctx, id, 'update');
    const payload =
      changes.payload === undefined ? undefined : parsePayload(udat.kind, changes.payload, 'input.payload');
    const updated = await ctx.storage.udats.update(id, { ...changes, payload });
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
    });
  },

  async deleteUdat(_: unknown, { id }: { id: string }, ctx: WorkspaceContext) {
    requireSubject(ctx.caller);
    await ownedUdat(ctx, id, 'delete');
    if (!(await ctx.storage.udats.delete(id))) throw missing('udat', id);
    return true;
  },
};
