import { checkPageSize, decodeCursor, toConnection } from '@mesh/product-kit';
import { runCohortSummary, runCompareCohorts, runCorrelation } from '../apps';
import type { CohortCriteriaInput } from '../storage/cohort-criteria';
import type { CohortRow, ComparisonRow } from '../storage/cohort-storage';
import type { PatientRow } from '../storage/patient-storage';
import type { Context } from './context';

export const cohortQueries = {
  cohort: (_: unknown, args: { criteria: CohortCriteriaInput; name?: string | null }, { storage }: Context) =>
    storage.cohorts.fromDefinition(args.criteria, args.name, 'criteria'),

  compareCohorts(
    _: unknown,
    args: { a: CohortCriteriaInput; b: CohortCriteriaInput; nameA?: string | null; nameB?: string | null },
    { storage }: Context,
  ) {
    const a = storage.cohorts.fromDefinition(args.a, args.nameA ?? 'A', 'a');
    const b = storage.cohorts.fromDefinition(args.b, args.nameB ?? 'B', 'b');
    return storage.cohorts.compare(a, b);
  },
};

export const Cohort = {
  __resolveReference: ({ id }: { id: string }, { storage }: Context) => storage.cohorts.fromId(id),
  size: async (cohort: CohortRow, _: unknown, { storage }: Context) =>
    (await storage.cohorts.members(cohort)).length,
  patientIds: (cohort: CohortRow, _: unknown, { storage }: Context) => storage.cohorts.members(cohort),
  async patients(
    cohort: CohortRow,
    args: { first?: number | null; after?: string | null },
    { storage }: Context,
  ) {
    const first = checkPageSize(args.first, 1000, 50);
    const after = args.after == null ? null : String(decodeCursor('patients', args.after));
    const rows = await storage.patients.searchPatients(cohort.node, first + 1, after);
    return {
      ...toConnection<PatientRow>(rows, first, 'patients', (row) => row.id),
      totalCount: async () => (await storage.cohorts.members(cohort)).length,
    };
  },
  summary: (cohort: CohortRow, args: { variables?: string[] | null }, context: Context) =>
    runCohortSummary(cohort, args, context),
  correlation: (
    cohort: CohortRow,
    args: { x: string; y: string; method?: 'PEARSON' | 'SPEARMAN' | null },
    context: Context,
  ) => runCorrelation(cohort, args, context),
};

export const CohortComparison = {
  __resolveReference: ({ id }: { id: string }, { storage }: Context) => storage.cohorts.comparisonFromId(id),
  async overlap(comparison: ComparisonRow, _: unknown, { storage }: Context) {
    const [a, b] = await Promise.all([
      storage.cohorts.members(comparison.a),
      storage.cohorts.members(comparison.b),
    ]);
    const inB = new Set(b);
    return a.filter((id) => inB.has(id)).length;
  },
  compare: (comparison: ComparisonRow, args: Parameters<typeof runCompareCohorts>[1], context: Context) =>
    runCompareCohorts(comparison, args, context),
};
