import { computed, nonFiniteReason, notComputable, type Numbers, type StatResult } from './result';

export type Summary = {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1 denominator); null for a single value, where it is undefined. */
  sd: number | null;
  /** Sample variance (n − 1 denominator); null for a single value. */
  variance: number | null;
  median: number;
  /** First and third quartiles, numpy's default ("linear", R type 7) definition. */
  q1: number;
  q3: number;
  min: number;
  max: number;
};

/** The moments a two-sample test needs; `variance` uses the n − 1 denominator. */
export type Moments = { n: number; mean: number; variance: number };

/**
 * Descriptive statistics of one sample. In Jest test files import it under another name
 * (`import { describe as describeSample }`) so it does not shadow Jest's global `describe`.
 */
export function describe(values: Numbers): StatResult<Summary> {
  if (values.length === 0) return notComputable('no values to summarize');
  const bad = nonFiniteReason(values, 'values');
  if (bad) return notComputable(bad);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mean = meanOf(sorted, 0, n);
  const variance = n > 1 ? sumOfSquaredDeviations(sorted, 0, n, mean) / (n - 1) : null;
  return computed({
    n,
    mean,
    sd: variance === null ? null : Math.sqrt(variance),
    variance,
    median: medianOfSorted(sorted),
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
    min: sorted[0]!,
    max: sorted[n - 1]!,
  });
}

/**
 * n, mean and sample variance of `values[start, end)` without copying: lets a caller walk the rows of a large
 * Float32Array matrix (genes × samples) and feed `welchTTestFromMoments` with no per-gene allocation of arrays.
 * Two passes (mean, then squared deviations) because the one-pass Σx² − n·mean² formula cancels badly when
 * the mean is large relative to the spread, as with log-expression values around 10 and SD 0.1.
 */
export function sampleMoments(values: Numbers, start = 0, end = values.length): StatResult<Moments> {
  const n = end - start;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > values.length || n < 2) {
    return notComputable(
      `need at least 2 values in [${start}, ${end}) of an array of length ${values.length}`,
    );
  }
  const mean = meanOf(values, start, end);
  if (!Number.isFinite(mean)) return notComputable(`values in [${start}, ${end}) contain a non-finite value`);
  return computed({ n, mean, variance: sumOfSquaredDeviations(values, start, end, mean) / (n - 1) });
}

export function meanOf(values: Numbers, start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += values[i]!;
  return sum / (end - start);
}

export function sumOfSquaredDeviations(values: Numbers, start: number, end: number, mean: number): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const d = values[i]! - mean;
    sum += d * d;
  }
  return sum;
}

/** Median of an ascending array: the middle value, or the mean of the two middle values (as numpy). */
export function medianOfSorted(sorted: Numbers): number {
  const n = sorted.length;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Quantile of an ascending array by linear interpolation between order statistics at (n − 1)·p: numpy's
 * default `method='linear'` (R's type 7). The interpolation mirrors numpy's `_lerp`, which interpolates from
 * the upper neighbour when the fraction is ≥ 0.5, so results agree to the last bit more often.
 */
export function quantileOfSorted(sorted: Numbers, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const fraction = position - below;
  const a = sorted[below]!;
  if (fraction === 0) return a;
  const b = sorted[below + 1]!;
  const diff = b - a;
  return fraction >= 0.5 ? b - diff * (1 - fraction) : a + diff * fraction;
}
