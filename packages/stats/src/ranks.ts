import type { Numbers } from './result';

export type Ranking = {
  /** 1-based ranks in input order; tied values share the average of the ranks they span. */
  ranks: Float64Array;
  /** Σ (t³ − t) over groups of t tied values: the tie correction of rank-test variances. */
  tieTerm: number;
};

/** Average ranks (scipy.stats.rankdata's default `method='average'`). O(n log n). */
export function rankWithTies(values: Numbers): Ranking {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 (0-based) hold equal values; their ranks start+1..end average to (start+end+1)/2.
    const rank = (start + end + 1) / 2;
    for (let i = start; i < end; i++) ranks[order[i]!] = rank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}
