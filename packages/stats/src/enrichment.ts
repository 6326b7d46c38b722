import { hypergeometricTail } from './hypergeometric';
import { computed, isCount, notComputable, type StatResult } from './result';

export type EnrichmentInput = {
  /** N: all items that could have been selected (e.g. every gene measured). */
  universe: number;
  /** K: items of the universe in the set being tested (e.g. a pathway's genes that were measured). */
  setSize: number;
  /** n: items selected (e.g. differentially expressed genes). */
  selected: number;
  /** k: selected items that are in the set. */
  overlap: number;
};

export type Enrichment = {
  /** One-sided P(X ≥ k) under random selection: scipy.stats.hypergeom.sf(k − 1, N, K, n). */
  pValue: number;
  /** n·K/N: the overlap expected by chance. */
  expected: number;
  /** k / expected overlap: > 1 means the set is over-represented among the selected items. */
  foldEnrichment: number;
};

/** Over-representation of a set among selected items (the one-sided Fisher / hypergeometric test). */
export function hypergeometricEnrichment(input: EnrichmentInput): StatResult<Enrichment> {
  const { universe: N, setSize: K, selected: n, overlap: k } = input;
  for (const [name, value] of Object.entries(input)) {
    if (!isCount(value)) return notComputable(`${name} must be a non-negative integer (got ${value})`);
  }
  if (N === 0) return notComputable('the universe is empty');
  if (K > N) return notComputable(`setSize (${K}) exceeds the universe (${N})`);
  if (n > N) return notComputable(`selected (${n}) exceeds the universe (${N})`);
  if (K === 0 || n === 0) {
    return notComputable(`nothing to enrich: ${K === 0 ? 'the set' : 'the selection'} is empty`);
  }
  if (k > Math.min(K, n) || k < n + K - N) {
    return notComputable(
      `overlap ${k} is impossible for set ${K} and selection ${n} in a universe of ${N} ` +
        `(it must lie in [${Math.max(0, n + K - N)}, ${Math.min(K, n)}])`,
    );
  }
  const expected = (n * K) / N;
  return computed({
    pValue: hypergeometricTail({ population: N, marked: K, draws: n }, k, 'upper'),
    expected,
    foldEnrichment: k / expected,
  });
}
