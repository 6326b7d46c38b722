import type { Knex } from 'knex';
import { OutcomeCode } from '../errors';
import { createAuditStorage } from '../storage/audit-storage';
import type { SchemaVersion } from '../storage/schema-versions-storage';
import { commitVersion, replaceSubgraph, type VersionCommit } from './commit-version';
import type { RegistryContext } from './context';
import { evaluateChange, type CheckReport, type MeshState } from './evaluate-change';

export type PublishOutcome =
  | { status: 'published'; message: string; version: SchemaVersion; check: CheckReport }
  | { status: 'unchanged'; message: string; version: SchemaVersion | null; releaseRecorded: boolean }
  /** Same schema, new release or catalogue metadata stored: no new supergraph version. */
  | { status: 'recorded'; message: string; version: SchemaVersion }
  | { status: 'rejected'; code: OutcomeCode; message: string; check: CheckReport };

/** Thrown inside a write transaction whose call changes nothing: the transaction rolls back, the outcome stands. */
export class NothingToStore extends Error {
  constructor(readonly outcome: Extract<PublishOutcome, { status: 'unchanged' }>) {
    super(outcome.message);
    this.name = 'NothingToStore';
  }
}

/** One change to the mesh (publish, rollback, retire), decided and described by its operation. */
export interface MeshChange {
  action: 'publish' | 'rollback' | 'retire';
  product: string;
  state: MeshState;
  /** The product's entry after the change; null: it leaves the mesh. */
  entry: VersionCommit['entry'];
  /** The product version now current and the one this change makes current (semver policy). */
  currentVersion: string | null;
  nextVersion: string | null;
  force: boolean;
  reason: string | null;
  actor: string;
  at: string;
  /** What the new version records of the release it serves. */
  release: Pick<VersionCommit, 'gitCommit' | 'gitAuthor' | 'dataVersion' | 'catalog'>;
  /** Audit details of a rejection, and of a commit (with the check's summary added). */
  details: Record<string, unknown>;
  describe: (version: SchemaVersion) => string;
}

/**
 * The one path every mesh change takes, under the caller's mesh lock: evaluate (composition, diff, usage,
 * policy) → a rejection that stores nothing but its audit entry, or a new immutable schema version.
 */
export async function applyChange(
  trx: Knex.Transaction,
  ctx: Pick<RegistryContext, 'usageWindowDays' | 'testPauseFile'>,
  change: MeshChange,
): Promise<Exclude<PublishOutcome, { status: 'unchanged' | 'recorded' }>> {
  const check = await evaluateChange(trx, {
    state: change.state,
    proposed: replaceSubgraph(change.state, change.product, change.entry),
    currentVersion: change.currentVersion,
    nextVersion: change.nextVersion,
    force: change.force,
    reason: change.reason,
    usageWindowDays: ctx.usageWindowDays,
  });
  if (check.status === 'failed') {
    const rejection = rejectionOf(change.product, check);
    await createAuditStorage(trx).append({
      at: change.at,
      actor: change.actor,
      action: change.action,
      product: change.product,
      result: 'rejected',
      details: { ...change.details, code: rejection.code, message: rejection.message },
    });
    return { status: 'rejected', ...rejection, check };
  }
  const version = await commitVersion(trx, change.state, {
    action: change.action,
    product: change.product,
    entry: change.entry,
    supergraphSdl: check.supergraphSdl,
    apiSdl: check.apiSdl,
    changes: check.changes,
    actor: change.actor,
    at: change.at,
    forced: check.policy.basis === 'forced',
    reason: change.reason,
    ...change.release,
    auditDetails: { ...change.details, summary: check.summary, policy: check.policy.note },
    testPauseFile: ctx.testPauseFile,
  });
  return { status: 'published', message: `${change.describe(version)} ${check.policy.note}`, version, check };
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
