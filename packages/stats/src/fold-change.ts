import { computed, notComputable, type StatResult } from './result';

export type FoldChangeOptions = {
  /**
   * Added to both means before the ratio, so genes with a zero mean in one group get a finite fold change.
   * Default 0 (a pure ratio): the right pseudocount depends on the unit (1 for counts or TPM is common), so
   * the caller chooses it explicitly.
   */
  pseudocount?: number;
};

/**
 * log2((meanA + pseudocount) / (meanB + pseudocount)) for data on a LINEAR scale (counts, TPM, intensities).
 *
 * Data already in log2 units must NOT go through this function: there the log2 fold change is simply
 * meanA − meanB (the `meanDifference` of `welchTTest`), a ratio of geometric means.
 */
export function log2FoldChange(
  meanA: number,
  meanB: number,
  options: FoldChangeOptions = {},
): StatResult<{ log2FoldChange: number }> {
  const pseudocount = options.pseudocount ?? 0;
  if (!Number.isFinite(meanA) || !Number.isFinite(meanB)) {
    return notComputable(`means must be finite numbers (got ${meanA} and ${meanB})`);
  }
  if (!Number.isFinite(pseudocount) || pseudocount < 0) {
    return notComputable(`pseudocount must be a non-negative number (got ${pseudocount})`);
  }
  const numerator = meanA + pseudocount;
  const denominator = meanB + pseudocount;
  if (!(numerator > 0) || !(denominator > 0)) {
    return notComputable(
      `a fold change needs positive values after the pseudocount (got ${numerator} and ${denominator}); ` +
        'use a pseudocount for zero means, or meanA − meanB if the data are already log-transformed',
    );
  }
  return computed({ log2FoldChange: Math.log2(numerator / denominator) });
}
