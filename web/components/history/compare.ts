import type { ProductVersion } from '../../lib/workspace';

/**
 * Comparing a run with its re-run (pure). The result hashes decide "Identical" or "Changed"; the products
 * lists explain a change: which product appeared or went, and whose code or data version moved.
 */

export interface RunFingerprint {
  resultHash: string | null;
  products: readonly ProductVersion[];
}

export type ProductChange =
  | { kind: 'added'; product: string; version: string; dataVersion: string }
  | { kind: 'removed'; product: string; version: string; dataVersion: string }
  | { kind: 'version'; product: string; from: string; to: string }
  | { kind: 'dataVersion'; product: string; from: string; to: string };

export interface RunComparison {
  status: 'identical' | 'changed';
  before: string | null;
  after: string | null;
  /** Product differences, ordered by product name (version before dataVersion for one product). */
  changes: ProductChange[];
}

/** Diffs two products lists by name. */
export function diffProducts(
  before: readonly ProductVersion[],
  after: readonly ProductVersion[],
): ProductChange[] {
  const old = new Map(before.map((product) => [product.name, product]));
  const now = new Map(after.map((product) => [product.name, product]));
  const names = [...new Set([...old.keys(), ...now.keys()])].sort((a, b) => a.localeCompare(b));
  return names.flatMap((name): ProductChange[] => {
    const was = old.get(name);
    const is = now.get(name);
    if (!was && is)
      return [{ kind: 'added', product: name, version: is.version, dataVersion: is.dataVersion }];
    if (was && !is) {
      return [{ kind: 'removed', product: name, version: was.version, dataVersion: was.dataVersion }];
    }
    const changes: ProductChange[] = [];
    if (was!.version !== is!.version) {
      changes.push({ kind: 'version', product: name, from: was!.version, to: is!.version });
    }
    if (was!.dataVersion !== is!.dataVersion) {
      changes.push({ kind: 'dataVersion', product: name, from: was!.dataVersion, to: is!.dataVersion });
    }
    return changes;
  });
}

/** Identical only when both runs have a result hash and the hashes are equal. */
export function compareRuns(original: RunFingerprint, rerun: RunFingerprint): RunComparison {
  const identical = original.resultHash !== null && original.resultHash === rerun.resultHash;
  return {
    status: identical ? 'identical' : 'changed',
    before: original.resultHash,
    after: rerun.resultHash,
    changes: diffProducts(original.products, rerun.products),
  };
}

/** `sha256:ab12cd34ef56…` for a long hash, unchanged for a short value. */
export function shortHash(value: string, digits = 8): string {
  const match = /^([a-z0-9]+:)?([0-9a-f]+)$/i.exec(value);
  if (!match) return value.length > 24 ? `${value.slice(0, 24)}…` : value;
  const [, prefix = '', digest = ''] = match;
  return digest.length > digits ? `${prefix}${digest.slice(0, digits)}…` : value;
}

/** One line per change, e.g. "clinical dataVersion sha256:ab12cd34… → sha256:cd34ef56…". */
export function describeChange(change: ProductChange): string {
  switch (change.kind) {
    case 'added':
      return `${change.product} ${change.version} was added (data ${shortHash(change.dataVersion)})`;
    case 'removed':
      return `${change.product} ${change.version} no longer contributes`;
    case 'version':
      return `${change.product} version ${change.from} → ${change.to}`;
    case 'dataVersion':
      return `${change.product} dataVersion ${shortHash(change.from)} → ${shortHash(change.to)}`;
  }
}

/** A sentence for a change without product differences (same versions, different result). */
export function explainComparison(comparison: RunComparison): string {
  if (comparison.status === 'identical') {
    return 'The re-run produced the same result hash on the same inputs.';
  }
  if (comparison.before === null) {
    return 'The original run recorded no result hash, so the results cannot be shown to match.';
  }
  if (comparison.changes.length === 0) {
    return 'Same product and data versions, but the result differs: the analysis is not deterministic, or its code changed without a version bump.';
  }
  const count = comparison.changes.length;
  return `The result differs; ${count} product ${count === 1 ? 'change' : 'changes'} since the original run.`;
}
