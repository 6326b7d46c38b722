import { normalQuantile } from './distributions';
import { computed, confidenceReason, notComputable, type Numbers, type StatResult } from './result';
import { sortByTime, survivalDataReason, type EventFlags } from './survival-data';

export type KaplanMeierStep = {
  /** A distinct observed time (event or censoring), ascending. */
  time: number;
  /** Subjects with time ≥ `time` (those censored at `time` count as at risk, as usual). */
  nAtRisk: number;
  nEvents: number;
  nCensored: number;
  /** Kaplan–Meier estimate of S(t) just after `time`. */
  survival: number;
  /** Greenwood standard error of `survival`; null once survival reaches 0, where Greenwood is undefined. */
  standardError: number | null;
  /**
   * Log-log ("complementary log-log") confidence limits, as R survfit(conf.type = "log-log"). null while
   * survival is 1 or once it is 0: the transform is undefined there and R reports NA.
   */
  lower: number | null;
  upper: number | null;
};

export type KaplanMeier = {
  n: number;
  nEvents: number;
  confidence: number;
  steps: KaplanMeierStep[];
  /** Median survival time; null when the curve never falls to 0.5 (median not reached). */
  median: number | null;
  /** Confidence limits of the median from the survival confidence band (R's quantile.survfit); null if not reached. */
  medianLower: number | null;
  medianUpper: number | null;
};

export type KaplanMeierOptions = { confidence?: number };

/** Kaplan–Meier survival curve for right-censored data (R survival::survfit, conf.type = "log-log"). */
export function kaplanMeier(
  times: Numbers,
  events: EventFlags,
  options: KaplanMeierOptions = {},
): StatResult<KaplanMeier> {
  const confidence = options.confidence ?? 0.95;
  const problem = survivalDataReason(times, events, 'the sample') ?? confidenceReason(confidence);
  if (problem) return notComputable(problem);
  const sorted = sortByTime(times, events);
  const n = sorted.times.length;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const steps: KaplanMeierStep[] = [];
  let survival = 1;
  let greenwood = 0; // Σ d / (n (n − d)): the variance of log S(t)
  let nEventsTotal = 0;
  for (let i = 0; i < n;) {
    const time = sorted.times[i]!;
    const nAtRisk = n - i;
    let nEvents = 0;
    let j = i;
    for (; j < n && sorted.times[j] === time; j++) nEvents += sorted.events[j]!;
    if (nEvents > 0) {
      survival *= 1 - nEvents / nAtRisk;
      greenwood += nEvents < nAtRisk ? nEvents / (nAtRisk * (nAtRisk - nEvents)) : Infinity;
    }
    nEventsTotal += nEvents;
    const logSe = Math.sqrt(greenwood);
    steps.push({
      time,
      nAtRisk,
      nEvents,
      nCensored: j - i - nEvents,
      survival,
      standardError: survival > 0 ? survival * logSe : null,
      ...logLogLimits(survival, logSe, z),
    });
    i = j;
  }
  if (nEventsTotal === 0)
    return notComputable('every observation is censored, so no survival curve can be estimated');
  const stepTimes = steps.map((s) => s.time);
  return computed({
    n,
    nEvents: nEventsTotal,
    confidence,
    steps,
    median: quantileTime(
      stepTimes,
      steps.map((s) => 1 - s.survival),
    ),
    medianLower: quantileTime(
      stepTimes,
      steps.map((s) => (s.lower === null ? null : 1 - s.lower)),
    ),
    medianUpper: quantileTime(
      stepTimes,
      steps.map((s) => (s.upper === null ? null : 1 - s.upper)),
    ),
  });
}

/** exp(−exp(log(−log S) ∓ z·se/log S)) with se the standard error of log S (R's survfit_confint). */
function logLogLimits(
  survival: number,
  logSe: number,
  z: number,
): { lower: number | null; upper: number | null } {
  if (survival <= 0 || survival >= 1) return { lower: null, upper: null };
  const logS = Math.log(survival);
  const shift = (z * logSe) / logS;
  const centre = Math.log(-logS);
  return { lower: Math.exp(-Math.exp(centre - shift)), upper: Math.exp(-Math.exp(centre + shift)) };
}

/** R's `sqrt(.Machine$double.eps)`: survival values this close to 0.5 count as exactly 0.5. */
const TOLERANCE = Math.sqrt(2.220446049250313e-16);

/**
 * Time at which a cumulative curve F = 1 − S (or 1 − a confidence limit) first reaches 0.5, reproducing R
 * survival's `findq` (quantile.survfit) so medians agree with survfit's printout:
 * - the curve starts at (time 0, F 0); repeated F values keep only their first time; null (NA) values are
 *   skipped;
 * - the answer is the first time with F ≥ 0.5 − tol; if F equals 0.5 within tol on a flat stretch, the
 *   median is the midpoint between the start of that stretch and the next drop (or the last observed time
 *   if the curve never drops again);
 * - null when F never reaches 0.5.
 */
function quantileTime(times: number[], cumulative: Array<number | null>, p = 0.5): number | null {
  const x = [0, ...times];
  const y = [0, ...cumulative];
  let max = -Infinity;
  for (const v of y) if (v !== null && v > max) max = v;
  if (max < p) return null;
  const lastTime = x[x.length - 1]!;
  const keptX: number[] = [];
  const keptY: Array<number | null> = [];
  const seen = new Set<number | null>();
  for (let i = 0; i < y.length; i++) {
    if (seen.has(y[i]!)) continue;
    seen.add(y[i]!);
    keptX.push(x[i]!);
    keptY.push(y[i]!);
  }
  // R: approx(y ± tol, index, p, method = "constant", f = 1): the first index whose shifted F is ≥ p.
  const firstReaching = (shift: number): number | null => {
    for (let i = 0; i < keptY.length; i++) {
      const v = keptY[i];
      if (v !== null && v !== undefined && v + shift >= p) return i;
    }
    return null;
  };
  const upperIndex = firstReaching(TOLERANCE);
  if (upperIndex === null) return null;
  const lastY = keptY[keptY.length - 1];
  if (lastY !== null && lastY !== undefined && Math.abs(p - lastY) < TOLERANCE) {
    return (keptX[upperIndex]! + lastTime) / 2;
  }
  const lowerIndex = firstReaching(-TOLERANCE);
  if (lowerIndex === null) return null;
  return (keptX[upperIndex]! + keptX[lowerIndex]!) / 2;
}
