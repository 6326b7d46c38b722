import { checkCohortSizes, describeCohort, type CohortRef } from '@mesh/product-kit';
import { sampleColumns, type AnalysisData } from '../storage/analysis-data';
import type { SampleType } from '../storage/sample-storage';

export const SAMPLE_TYPES = [
  { value: 'TUMOR', label: 'Tumour tissue' },
  { value: 'NORMAL', label: 'Matched normal tissue' },
  { value: 'BLOOD', label: 'Peripheral blood' },
];

export interface ComparisonRepresentation {
  id: string;
  a: CohortRef;
  b: CohortRef;
}

/** The two groups' sample columns; privacy floor on the cohorts themselves. */
export function sampleGroups(
  comparison: ComparisonRepresentation,
  data: AnalysisData,
  sampleType: string | null,
) {
  checkCohortSizes([
    { name: comparison.a.name, size: comparison.a.patientIds.length, argument: 'a' },
    { name: comparison.b.name, size: comparison.b.patientIds.length, argument: 'b' },
  ]);
  const type = (sampleType?.toLowerCase() ?? null) as SampleType | null;
  const a = sampleColumns(data, comparison.a.patientIds, type);
  const b = sampleColumns(data, comparison.b.patientIds, type);
  const parameters = { a: describeCohort(comparison.a), b: describeCohort(comparison.b), sampleType };
  const tooFew = [
    [comparison.a.name, a.length],
    [comparison.b.name, b.length],
  ].find(([, n]) => (n as number) < 2);
  // Not a count of one: one sample is one individual's, a count disclosure control suppresses. Zero
  // discloses nobody and tells the analyst the cohort has none of this sample type.
  const samples = sampleType ? `${sampleType} samples` : 'samples of any type';
  const reason = tooFew
    ? `Cohort "${tooFew[0]}" has ${tooFew[1] === 0 ? `0 ${samples}` : `fewer than 2 ${samples}`}; at least 2 per group are needed.`
    : null;
  return { a, b, parameters, reason };
}
