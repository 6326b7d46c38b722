import { chiSquareUpperTail } from './distributions';
import { computed, notComputable, type StatResult } from './result';
import { survivalDataReason, type SurvivalGroup } from './survival-data';

export type LogRankTest = {
  statistic: number;
  /** Number of groups with expected events > 0, minus 1 (R drops groups with none). */
  df: number;
  pValue: number;
  /** Subjects per group, in input order. */
  n: number[];
  /** Events observed per group. */
  observed: number[];
  /** Events expected per group if all shared one hazard: Σ over event times of d · n_group / n. */
  expected: number[];
};

/**
 * Log-rank (Mantel–Haenszel) test that the groups share one survival curve, matching R
 * survival::survdiff(rho = 0): statistic (O − E)ᵀ V⁻¹ (O − E) over all groups but the first, with the
 * hypergeometric variance V.
 */
export function logRankTest(groups: ReadonlyArray<SurvivalGroup>): StatResult<LogRankTest> {
  if (groups.length < 2)
    return notComputable(`a log-rank test needs at least 2 groups (got ${groups.length})`);
  for (let g = 0; g < groups.length; g++) {
    const problem = survivalDataReason(groups[g]!.times, groups[g]!.events, `group ${g}`);
    if (problem) return notComputable(problem);
  }
  const k = groups.length;
  const subjects = groups.flatMap((group, g) =>
    Array.from({ length: group.times.length }, (_, i) => ({
      time: group.times[i]!,
      event: Number(group.events[i]),
      group: g,
    })),
  );
  subjects.sort((a, b) => a.time - b.time);
  const atRisk = groups.map((group) => group.times.length);
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const deaths = new Array<number>(k);
  let remaining = subjects.length;
  for (let i = 0; i < subjects.length;) {
    const time = subjects[i]!.time;
    deaths.fill(0);
    let j = i;
    for (; j < subjects.length && subjects[j]!.time === time; j++)
      deaths[subjects[j]!.group]! += subjects[j]!.event;
    const d = deaths.reduce((sum, v) => sum + v, 0);
    if (d > 0) {
      const n = remaining;
      // Hypergeometric covariance of the group death counts at this time; zero when a single subject is at risk.
      const scale = n > 1 ? (d * (n - d)) / (n - 1) : 0;
      for (let a = 0; a < k; a++) {
        observed[a]! += deaths[a]!;
        expected[a]! += (d * atRisk[a]!) / n;
        for (let b = 0; b < k; b++) {
          variance[a]![b]! += scale * (atRisk[a]! / n) * ((a === b ? 1 : 0) - atRisk[b]! / n);
        }
      }
    }
    for (let s = i; s < j; s++) atRisk[subjects[s]!.group]!--;
    remaining -= j - i;
    i = j;
  }
  if (observed.every((o) => o === 0))
    return notComputable('no events in any group, so there is nothing to compare');
  // As R: groups nobody could die in (expected 0) carry no information and are dropped.
  const kept = expected.map((e, g) => (e > 0 ? g : -1)).filter((g) => g >= 0);
  if (kept.length < 2) return notComputable('fewer than 2 groups have subjects at risk at any event time');
  const rest = kept.slice(1);
  const difference = rest.map((g) => observed[g]! - expected[g]!);
  const solution = solveLinearSystem(
    rest.map((a) => rest.map((b) => variance[a]![b]!)),
    difference,
  );
  if (solution === null) return notComputable('the variance matrix of the group differences is singular');
  const statistic = solution.reduce((sum, v, i) => sum + v * difference[i]!, 0);
  const df = kept.length - 1;
  return computed({
    statistic,
    df,
    pValue: chiSquareUpperTail(statistic, df),
    n: groups.map((group) => group.times.length),
    observed,
    expected,
  });
}

/** Gaussian elimination with partial pivoting; null when the matrix is (numerically) singular. */
function solveLinearSystem(matrix: number[][], rhs: number[]): number[] | null {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  const scale = Math.max(...matrix.flat().map(Math.abs));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (!(Math.abs(a[pivot]![col]!) > scale * 1e-12)) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = col + 1; r < n; r++) {
      const factor = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = a[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= a[r]![c]! * x[c]!;
    x[r] = sum / a[r]![r]!;
  }
  return x;
}
