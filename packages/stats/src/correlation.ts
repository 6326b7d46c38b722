import { normalQuantile, studentTTwoSidedP } from './distributions';
import { rankWithTies } from './ranks';
import {
  computed,
  confidenceReason,
  nonFiniteReason,
  notComputable,
  type Numbers,
  type StatResult,
} from './result';

export type PearsonCorrelation = {
  r: number;
  /** Two-sided p-value from the t distribution with n − 2 df (exact under bivariate normality). */
  pValue: number;
  n: number;
  /**
   * Confidence interval by Fisher's z transform, as scipy's `confidence_interval()`. For n = 3 the
   * standard error 1/√(n − 3) is unbounded and the interval is the whole range [−1, 1].
   */
  ciLow: number;
  ciHigh: number;
  confidence: number;
};

export type SpearmanCorrelation = {
  /** Pearson correlation of the average ranks (ties share the mean rank). */
  rho: number;
  /** Two-sided p-value from the t approximation with n − 2 df, as scipy.stats.spearmanr. */
  pValue: number;
  n: number;
};

export type CorrelationOptions = { confidence?: number };

/** Pearson product-moment correlation (scipy.stats.pearsonr). */
export function pearsonCorrelation(
  x: Numbers,
  y: Numbers,
  options: CorrelationOptions = {},
): StatResult<PearsonCorrelation> {
  const confidence = options.confidence ?? 0.95;
  const problem = pairedReason(x, y) ?? confidenceReason(confidence);
  if (problem) return notComputable(problem);
  const r = correlationOf(x, y);
  if (r === null) return notComputable('one variable is constant, so the correlation is undefined');
  const n = x.length;
  return computed({ r, pValue: correlationP(r, n), n, ...fisherInterval(r, n, confidence), confidence });
}

/** Spearman rank correlation (scipy.stats.spearmanr). */
export function spearmanCorrelation(x: Numbers, y: Numbers): StatResult<SpearmanCorrelation> {
  const problem = pairedReason(x, y);
  if (problem) return notComputable(problem);
  const rho = correlationOf(rankWithTies(x).ranks, rankWithTies(y).ranks);
  if (rho === null)
    return notComputable('one variable has all values tied, so the rank correlation is undefined');
  return computed({ rho, pValue: correlationP(rho, x.length), n: x.length });
}

function pairedReason(x: Numbers, y: Numbers): string | null {
  if (x.length !== y.length) return `x and y must have the same length (got ${x.length} and ${y.length})`;
  if (x.length < 3) return `a correlation test needs at least 3 pairs (got ${x.length})`;
  return nonFiniteReason(x, 'x') ?? nonFiniteReason(y, 'y');
}

/** Correlation of centred values, clipped to [−1, 1] against rounding; null when either variable is constant. */
function correlationOf(x: Numbers, y: Numbers): number | null {
  const n = x.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i]!;
    meanY += y[i]!;
  }
  meanX /= n;
  meanY /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  // √(sxx·syy) in one rounding keeps exact lines at exactly ±1; split only if the product over/underflows.
  const product = sxx * syy;
  const scale =
    product > 0 && Number.isFinite(product) ? Math.sqrt(product) : Math.sqrt(sxx) * Math.sqrt(syy);
  return Math.max(-1, Math.min(1, sxy / scale));
}

/** t = r·√((n−2)/(1−r²)) on n − 2 df; |r| = 1 is a perfect fit, p = 0 (the limit, without dividing by zero). */
function correlationP(r: number, n: number): number {
  if (Math.abs(r) === 1) return 0;
  const df = n - 2;
  return studentTTwoSidedP(r * Math.sqrt(df / ((1 + r) * (1 - r))), df);
}

function fisherInterval(r: number, n: number, confidence: number): { ciLow: number; ciHigh: number } {
  if (n <= 3) return { ciLow: -1, ciHigh: 1 };
  if (Math.abs(r) === 1) return { ciLow: r, ciHigh: r };
  const z = Math.atanh(r);
  const margin = normalQuantile(0.5 + confidence / 2) / Math.sqrt(n - 3);
  return { ciLow: Math.tanh(z - margin), ciHigh: Math.tanh(z + margin) };
}
