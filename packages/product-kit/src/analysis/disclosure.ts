import { aggregateScope, readScope, type Caller } from '../auth/caller';

/**
 * Statistical disclosure control. A caller with `<product>:read` sees row-level values (ROW_LEVEL); one with
 * only `<product>:aggregate` gets AGGREGATE results, where every count and group statistic computed from
 * fewer than `minCellSize` (k) individuals is suppressed, with complementary suppression so published
 * totals never give a hidden cell back. k is product metadata (catalog.json `disclosure.minCellSize`).
 */
export type DisclosureMode = 'ROW_LEVEL' | 'AGGREGATE';

/** k when a product's catalogue does not say. */
export const DEFAULT_MIN_CELL_SIZE = 5;

export interface Disclosure {
  mode: DisclosureMode;
  minCellSize: number;
  /** How many cells (table cells, chart marks, statistics) were withheld. */
  suppressedCells: number;
}

/** The caller's tier for one product: a public product, or `<product>:read`, means row level. */
export function disclosureModeOf(
  caller: Caller | undefined,
  product: string,
  visibility: 'public' | 'private',
): DisclosureMode {
  if (visibility === 'public') return 'ROW_LEVEL';
  const scopes = caller?.scopes ?? [];
  return scopes.includes(readScope(product)) || !scopes.includes(aggregateScope(product))
    ? 'ROW_LEVEL'
    : 'AGGREGATE';
}

/** A count below k that is not zero: it could describe individuals. Zero describes no one. */
export function isSmallCount(value: unknown, k: number): boolean {
  return typeof value === 'number' && value > 0 && value < k;
}

/**
 * Which cells of one set with a published total to hide: every small count (primary suppression), then,
 * while the hidden cells could be recovered from the total (a single hidden cell, or hidden cells that can
 * only all be 1), the next smallest shown non-zero cell too (complementary suppression). `total` is true
 * when no cell is left to hide with a lone one: the total must be withheld as well.
 */
export function suppressSet(counts: readonly number[], k: number): { hidden: Set<number>; total: boolean } {
  const hidden = new Set<number>();
  counts.forEach((value, i) => {
    if (isSmallCount(value, k)) hidden.add(i);
  });
  const recoverable = () => {
    if (hidden.size === 0) return false;
    const sum = [...hidden].reduce((acc, i) => acc + counts[i]!, 0);
    return hidden.size === 1 || sum === hidden.size;
  };
  while (recoverable()) {
    const next = counts
      .map((value, i) => ({ value, i }))
      .filter(({ value, i }) => value > 0 && !hidden.has(i))
      .sort((a, b) => a.value - b.value || a.i - b.i)[0];
    if (!next) return { hidden, total: true };
    hidden.add(next.i);
  }
  return { hidden, total: false };
}
