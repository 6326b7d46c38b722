import type { CohortRef } from '@mesh/product-kit';
import { runDifferentialExpression, runGeneExpression, runGeneSetEnrichment } from '../apps';
import type { ComparisonRepresentation } from '../apps/cohorts';
import type { SampleType } from '../storage/sample-storage';
import type { Context } from './context';

/** Cohorts arrive from the clinical product with their members (@requires): nothing to look up here. */
export const Cohort = {
  __resolveReference: (reference: CohortRef) => reference,
  async sampleCount(cohort: CohortRef, { type }: { type?: string | null }, { storage }: Context) {
    const data = await storage.analysisData();
    const wanted = type?.toLowerCase() as SampleType | undefined;
    return cohort.patientIds.reduce(
      (n, id) =>
        n +
        (data.samplesByPatient.get(id) ?? []).filter((sample) => !wanted || sample.type === wanted).length,
      0,
    );
  },
};

export const CohortComparison = {
  __resolveReference: (reference: ComparisonRepresentation) => reference,
  differentialExpression: (
    c: ComparisonRepresentation,
    args: Parameters<typeof runDifferentialExpression>[1],
    context: Context,
  ) => runDifferentialExpression(c, args, context),
  geneSetEnrichment: (
    c: ComparisonRepresentation,
    args: Parameters<typeof runGeneSetEnrichment>[1],
    context: Context,
  ) => runGeneSetEnrichment(c, args, context),
  geneExpression: (
    c: ComparisonRepresentation,
    args: Parameters<typeof runGeneExpression>[1],
    context: Context,
  ) => runGeneExpression(c, args, context),
};
