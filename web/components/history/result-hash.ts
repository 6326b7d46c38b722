import { createHash } from 'node:crypto';
import { canonicalJson, findAnalysisResults } from './analysis-result';

/** sha256 of a value's canonical JSON, as the workspace computes a hash it was not given. */
export function sha256OfJson(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

/**
 * The hash a run records for an answer's `data`: the analysis's own `resultHash` when the answer holds
 * exactly one AnalysisResult (it covers inputs, versions and output), else sha256 of the data's canonical JSON.
 */
export function resultHashOfAnswer(data: unknown): string {
  const analyses = findAnalysisResults(data);
  return analyses.length === 1 ? analyses[0]!.resultHash : sha256OfJson(data);
}
