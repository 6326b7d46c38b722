import gammaln from '@stdlib/math-base-special-gammaln';

/*
 * Hypergeometric tail sums for Fisher's exact test and gene-set enrichment. X = number of marked items among
 * `draws` taken without replacement from `population` items of which `marked` are marked.
 *
 * Why not stdlib's hypergeometric pmf/cdf: they evaluate each pmf as exp(Σ log-factorials), whose absolute
 * error grows with the log-factorials (~1e-11 relative at N = 20,000), and Fisher's two-sided test must decide
 * which outcomes are *as probable as* the observed one, which needs exact ties (symmetric tables) to compare
 * equal. Here every pmf is a product of exact rational ratios walked out from the mode, relative to the mode
 * (R's fisher.test does the same), and probabilities are ratios of sums of those weights: ~1e-15 relative.
 */

/** Weights below this are treated as zero; an outcome this improbable relative to the mode needs log space. */
const UNDERFLOW = 1e-290;

type Weights = {
  /** Smallest x whose weight is kept; weights[i] belongs to x = first + i. */
  first: number;
  last: number;
  weights: Float64Array;
  total: number;
};

export type Hypergeometric = { population: number; marked: number; draws: number };

export function supportOf({ population, marked, draws }: Hypergeometric): { lo: number; hi: number } {
  return { lo: Math.max(0, draws + marked - population), hi: Math.min(draws, marked) };
}

function relativeWeights(h: Hypergeometric): Weights {
  const { population: N, marked: K, draws: n } = h;
  const { lo, hi } = supportOf(h);
  const mode = Math.min(hi, Math.max(lo, Math.floor(((n + 1) * (K + 1)) / (N + 2))));
  const up: number[] = [];
  for (let x = mode, w = 1; x < hi; x++) {
    w *= ((K - x) * (n - x)) / ((x + 1) * (N - K - n + x + 1));
    if (w < UNDERFLOW) break;
    up.push(w);
  }
  const down: number[] = [];
  for (let x = mode, w = 1; x > lo; x--) {
    w *= (x * (N - K - n + x)) / ((K - x + 1) * (n - x + 1));
    if (w < UNDERFLOW) break;
    down.push(w);
  }
  const weights = new Float64Array(down.length + 1 + up.length);
  for (let i = 0; i < down.length; i++) weights[down.length - 1 - i] = down[i]!;
  weights[down.length] = 1;
  for (let i = 0; i < up.length; i++) weights[down.length + 1 + i] = up[i]!;
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  return { first: mode - down.length, last: mode + up.length, weights, total };
}

/** P(X ≤ k) ('lower') or P(X ≥ k) ('upper'). */
export function hypergeometricTail(h: Hypergeometric, k: number, side: 'lower' | 'upper'): number {
  const { lo, hi } = supportOf(h);
  if (side === 'lower' ? k >= hi : k <= lo) return 1;
  if (side === 'lower' ? k < lo : k > hi) return 0;
  const w = relativeWeights(h);
  if (k < w.first || k > w.last) return logSpaceSum(h, (x) => (side === 'lower' ? x <= k : x >= k));
  let sum = 0;
  if (side === 'lower') for (let x = w.first; x <= k; x++) sum += w.weights[x - w.first]!;
  else for (let x = w.last; x >= k; x--) sum += w.weights[x - w.first]!;
  return Math.min(1, sum / w.total);
}

/**
 * Two-sided p: the total probability of outcomes no more probable than the observed k. "No more probable"
 * allows a relative tolerance of 1e-7 (R's fisher.test), so that outcomes tied with k in exact arithmetic
 * count even when rounding makes them differ in the last bits. scipy 1.10 uses 1e-14 with its own rounding;
 * the intent (exact ties count) is the same, and distinct pmf values closer than 1e-7 do not occur in
 * practice.
 */
export function hypergeometricTwoSided(h: Hypergeometric, k: number): number {
  const w = relativeWeights(h);
  const relativeTolerance = 1 + 1e-7;
  if (k < w.first || k > w.last) {
    const threshold = logPmf(h, k) + Math.log(relativeTolerance);
    return logSpaceSum(h, (x, logP) => logP <= threshold);
  }
  const threshold = w.weights[k - w.first]! * relativeTolerance;
  let sum = 0;
  for (let i = 0; i < w.weights.length; i++) if (w.weights[i]! <= threshold) sum += w.weights[i]!;
  // Outcomes beyond the kept range are < 1e-290 of the mode; they matter only next to a sum of the same size.
  return Math.min(1, sum / w.total);
}

function logPmf({ population: N, marked: K, draws: n }: Hypergeometric, x: number): number {
  return logChoose(K, x) + logChoose(N - K, n - x) - logChoose(N, n);
}

function logChoose(a: number, b: number): number {
  return gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1);
}

/**
 * Fallback for probabilities below ~1e-290: sum exp(log pmf) over the selected outcomes with log-sum-exp.
 * Log-gamma differences give ~1e-12 relative accuracy at N ~ 10^4 — ample for numbers this small.
 */
function logSpaceSum(h: Hypergeometric, include: (x: number, logP: number) => boolean): number {
  const { lo, hi } = supportOf(h);
  const selected: number[] = [];
  let largest = -Infinity;
  for (let x = lo; x <= hi; x++) {
    const logP = logPmf(h, x);
    if (!include(x, logP)) continue;
    selected.push(logP);
    if (logP > largest) largest = logP;
  }
  if (selected.length === 0) return 0;
  let sum = 0;
  for (const logP of selected) sum += Math.exp(logP - largest);
  return Math.min(1, Math.exp(largest) * sum);
}
