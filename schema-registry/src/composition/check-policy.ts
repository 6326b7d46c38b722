import type { SchemaChange } from './diff-schemas';
import { isMajorBump } from './semver';

export type BreakingPolicyOutcome =
  | {
      status: 'allowed';
      basis: 'no-breaking-changes' | 'usage-safe' | 'major-version' | 'forced';
      note: string;
    }
  | { status: 'blocked'; message: string; blocking: SchemaChange[] };

/**
 * The rule for breaking changes: allowed when no client used what breaks (within the usage window), or
 * with a major version bump of the product, or when forced with a reason (recorded in the audit log).
 */
export function decideBreakingPolicy(input: {
  changes: readonly SchemaChange[];
  currentVersion: string | null;
  nextVersion: string | null;
  force: boolean;
  reason: string | null;
}): BreakingPolicyOutcome {
  const breaking = input.changes.filter((change) => change.criticality === 'BREAKING');
  if (breaking.length === 0)
    return { status: 'allowed', basis: 'no-breaking-changes', note: 'No breaking changes.' };
  const blocking = breaking.filter((change) => !change.usage?.safe);
  if (blocking.length === 0) {
    return {
      status: 'allowed',
      basis: 'usage-safe',
      note: `${breaking.length} breaking change(s), none used by any client in the usage window: safe to publish.`,
    };
  }
  if (input.currentVersion && input.nextVersion && isMajorBump(input.currentVersion, input.nextVersion)) {
    return {
      status: 'allowed',
      basis: 'major-version',
      note: `${blocking.length} breaking change(s) used by clients, released as a major version (${input.currentVersion} → ${input.nextVersion}).`,
    };
  }
  if (input.force && input.reason) {
    return {
      status: 'allowed',
      basis: 'forced',
      note: `${blocking.length} breaking change(s) used by clients, forced: ${input.reason}`,
    };
  }
  const list = blocking.map((change) => `${change.path ?? change.type}: ${change.message}`).join('; ');
  return {
    status: 'blocked',
    blocking,
    message:
      `${blocking.length} breaking change(s) would break clients: ${list}. ` +
      'Keep the old field (deprecate it first), release a new major version of the product, or publish with --force and a --reason.',
  };
}
