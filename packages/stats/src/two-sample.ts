import gammaln from '@stdlib/math-base-special-gammaln';
import { meanOf, sumOfSquaredDeviations, type Moments } from './descriptive';
import { normalUpperTail, studentTQuantile, studentTTwoSidedP } from './distributions';
import { rankWithTies } from './ranks';
import {
  computed,
  confidenceReason,
  nonFiniteReason,
  notComputable,
  tooFewReason,
  type Numbers,
  type StatResult,
} from './result';

export type WelchTTest = {
  t: number;
  /** Welch–Satterthwaite degrees of freedom (not an integer in general). */
  df: number;
  /** Two-sided p-value. */
  pValue: number;
  /** mean(a) − mean(b); for log2-scale data this is the log2 fold change of a over b. */
  meanDifference: number;
  standardError: number;
  /** Confidence interval of the mean difference at `confidence` (default 0.95), on the Welch df. */
  ciLow: number;
  ciHigh: number;
  confidence: number;
  /** Standardized mean difference on the pooled SD, with the exact small-sample correction J(n_a + n_b − 2). */
  hedgesG: number;
};

export type TwoSampleOptions = { confidence?: number };

/** Welch's unequal-variance t-test of a vs b (scipy.stats.ttest_ind(a, b, equal_var=False)). */
export function welchTTest(a: Numbers, b: Numbers, options: TwoSampleOptions = {}): StatResult<WelchTTest> {
  const problem =
    tooFewReason(a, 2, 'group a') ??
    tooFewReason(b, 2, 'group b') ??
    nonFiniteReason(a, 'group a') ??
    nonFiniteReason(b, 'group b');
  if (problem) return notComputable(problem);
  const meanA = meanOf(a, 0, a.length);
  const meanB = meanOf(b, 0, b.length);
  return welchTTestFromMoments(
    { n: a.length, mean: meanA, variance: sumOfSquaredDeviations(a, 0, a.length, meanA) / (a.length - 1) },
    { n: b.length, mean: meanB, variance: sumOfSquaredDeviations(b, 0, b.length, meanB) / (b.length - 1) },
    options,
  );
}

/**
 * Welch's t-test from summary moments, so a caller looping over 20,000 genes of a matrix (with
 * `sampleMoments`) never allocates per-gene arrays. `variance` is the sample variance (n − 1 denominator).
 */
export function welchTTestFromMoments(
  a: Moments,
  b: Moments,
  options: TwoSampleOptions = {},
): StatResult<WelchTTest> {
  const confidence = options.confidence ?? 0.95;
  const problem = momentsReason(a, 'group a') ?? momentsReason(b, 'group b') ?? confidenceReason(confidence);
  if (problem) return notComputable(problem);
  if (a.variance === 0 && b.variance === 0) {
    return notComputable('both groups have zero variance, so the t statistic is undefined');
  }
  const shareA = a.variance / a.n;
  const shareB = b.variance / b.n;
  const squaredError = shareA + shareB;
  const standardError = Math.sqrt(squaredError);
  const meanDifference = a.mean - b.mean;
  const t = meanDifference / standardError;
  const df = (squaredError * squaredError) / ((shareA * shareA) / (a.n - 1) + (shareB * shareB) / (b.n - 1));
  const margin = studentTQuantile(1 - (1 - confidence) / 2, df) * standardError;
  const pooledDf = a.n + b.n - 2;
  const pooledSd = Math.sqrt(((a.n - 1) * a.variance + (b.n - 1) * b.variance) / pooledDf);
  return computed({
    t,
    df,
    pValue: studentTTwoSidedP(t, df),
    meanDifference,
    standardError,
    ciLow: meanDifference - margin,
    ciHigh: meanDifference + margin,
    confidence,
    hedgesG: hedgesCorrection(pooledDf) * (meanDifference / pooledSd),
  });
}

function momentsReason(m: Moments, label: string): string | null {
  if (!Number.isInteger(m.n) || m.n < 2) return `${label} has n = ${m.n}; at least 2 are needed`;
  if (!Number.isFinite(m.mean)) return `${label} has a non-finite mean (${m.mean})`;
  if (!Number.isFinite(m.variance) || m.variance < 0)
    return `${label} has an invalid variance (${m.variance})`;
  return null;
}

/**
 * Hedges' exact bias correction J(df) = Γ(df/2) / (√(df/2) Γ((df−1)/2)), not the common 1 − 3/(4df − 1)
 * approximation, so g is exact for small groups. For large df the difference of two large log-gammas loses
 * digits (~1e-12 at df = 2000), so from df = 200 on we use the asymptotic series of Γ(x+½)/(√x Γ(x)), whose
 * truncation error there is below 1e-15.
 */
export function hedgesCorrection(df: number): number {
  const m = df / 2;
  if (df < 200) return Math.exp(gammaln(m) - gammaln(m - 0.5)) / Math.sqrt(m);
  const x = m - 0.5;
  const series =
    1 -
    1 / (8 * x) +
    1 / (128 * x ** 2) +
    5 / (1024 * x ** 3) -
    21 / (32768 * x ** 4) -
    399 / (262144 * x ** 5);
  return Math.sqrt(x / m) * series;
}

export type MannWhitneyU = {
  /** U statistic of sample a (scipy's convention): the number of (a, b) pairs with a > b, ties counting ½. */
  u: number;
  /** Two-sided p-value: normal approximation with tie and continuity corrections. */
  pValue: number;
  /** 2U/(n_a·n_b) − 1, in [−1, 1]; positive when values in a tend to be larger than in b. */
  rankBiserial: number;
};

/**
 * Mann–Whitney U test, matching scipy.stats.mannwhitneyu(a, b, method='asymptotic', use_continuity=True).
 * The asymptotic method is used at every n (scipy's 'auto' switches to an exact test for small untied samples),
 * so results do not change character with sample size.
 */
export function mannWhitneyU(a: Numbers, b: Numbers): StatResult<MannWhitneyU> {
  const problem =
    tooFewReason(a, 2, 'group a') ??
    tooFewReason(b, 2, 'group b') ??
    nonFiniteReason(a, 'group a') ??
    nonFiniteReason(b, 'group b');
  if (problem) return notComputable(problem);
  const nA = a.length;
  const nB = b.length;
  const n = nA + nB;
  const combined = new Float64Array(n);
  for (let i = 0; i < nA; i++) combined[i] = a[i]!;
  for (let i = 0; i < nB; i++) combined[nA + i] = b[i]!;
  const { ranks, tieTerm } = rankWithTies(combined);
  let rankSumA = 0;
  for (let i = 0; i < nA; i++) rankSumA += ranks[i]!;
  const uA = rankSumA - (nA * (nA + 1)) / 2;
  const uMax = Math.max(uA, nA * nB - uA);
  const variance = ((nA * nB) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return notComputable('all values are tied, so the rank statistic has no variance');
  // Continuity: the larger U is pulled 0.5 toward its mean. A negative z (U at the mean) gives p > 1, capped.
  const z = (uMax - (nA * nB) / 2 - 0.5) / Math.sqrt(variance);
  return computed({
    u: uA,
    pValue: Math.min(1, 2 * normalUpperTail(z)),
    rankBiserial: (2 * uA) / (nA * nB) - 1,
  });
}
