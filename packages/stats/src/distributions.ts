import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileOf from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import gammaln from '@stdlib/math-base-special-gammaln';

/*
 * Tail probabilities are always evaluated on the small side (cdf(-|x|)) rather than as 1 - cdf(x): the
 * subtraction would round every p below ~1e-16 to 0 and lose relative accuracy far earlier, and
 * differential-expression p-values of 1e-30 must survive to the multiple-testing step.
 */

/** Two-sided p-value of a Student t statistic. */
export function studentTTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Quantile of Student's t distribution (for confidence intervals). */
export function studentTQuantile(probability: number, df: number): number {
  return tQuantile(probability, df);
}

/** Upper tail P(Z > z) of the standard normal. */
export function normalUpperTail(z: number): number {
  return normalCdf(-z, 0, 1);
}

export function normalQuantile(probability: number): number {
  return normalQuantileOf(probability, 0, 1);
}

/**
 * Upper tail P(X > x) of a chi-square distribution with integer degrees of freedom (every df in this library is
 * an integer). stdlib only offers the lower CDF, so for x beyond the bulk we sum the closed form of the
 * regularized upper incomplete gamma function instead of computing 1 - cdf:
 *   even df: Q = e^{-x/2} Σ_{i<df/2} (x/2)^i / i!
 *   odd df:  Q = 2Φ(-√x) + e^{-x/2} Σ_{i=1}^{(df-1)/2} (x/2)^{i-1/2} / Γ(i+1/2)
 * All terms are positive (no cancellation). Below x = df the upper tail is > ~0.3 and 1 - cdf is accurate.
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (x <= 0) return 1;
  if (x <= df) return 1 - chiSquareCdf(x, df);
  const half = x / 2;
  const odd = df % 2 === 1;
  const terms = odd ? (df - 1) / 2 : df / 2;
  let sum = 0;
  if (terms > 0) {
    // The terms grow with i (i < x/2 because x > df), so start from the last (largest) one in log space to avoid
    // overflow of (x/2)^i and underflow of e^{-x/2}, and walk down with exact ratios.
    const offset = odd ? 0.5 : 0;
    let exponent = terms - 1 + offset; // power of x/2 in the largest term
    let term = Math.exp(-half + exponent * Math.log(half) - gammaln(exponent + 1));
    for (let i = terms - 1; i >= 0; i--) {
      sum += term;
      term *= exponent / half;
      exponent -= 1;
    }
  }
  return Math.min(1, odd ? 2 * normalCdf(-Math.sqrt(x), 0, 1) + sum : sum);
}
