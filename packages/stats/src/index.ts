/**
 * @mesh/stats: statistics for data-product analyses. Pure functions, no I/O. Every function returns a
 * `StatResult`: `{ computable: true, ...values }` or `{ computable: false, reason }` for degenerate input.
 */
export type { Computed, NotComputable, Numbers, StatResult } from './result';
export { describe, sampleMoments, type Moments, type Summary } from './descriptive';
export {
  hedgesCorrection,
  mannWhitneyU,
  welchTTest,
  welchTTestFromMoments,
  type MannWhitneyU,
  type TwoSampleOptions,
  type WelchTTest,
} from './two-sample';
export { log2FoldChange, type FoldChangeOptions } from './fold-change';
export {
  chiSquareTest,
  fisherExactTest,
  type ChiSquareOptions,
  type ChiSquareTest,
  type ContingencyTable,
  type FisherExactTest,
} from './categorical';
export {
  pearsonCorrelation,
  spearmanCorrelation,
  type CorrelationOptions,
  type PearsonCorrelation,
  type SpearmanCorrelation,
} from './correlation';
export { benjaminiHochberg } from './multiple-testing';
export { hypergeometricEnrichment, type Enrichment, type EnrichmentInput } from './enrichment';
export { kaplanMeier, type KaplanMeier, type KaplanMeierOptions, type KaplanMeierStep } from './kaplan-meier';
export { logRankTest, type LogRankTest } from './log-rank';
export type { EventFlags, SurvivalGroup } from './survival-data';
