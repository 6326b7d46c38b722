import { ExpressionValue, Gene, GeneSet, Patient, Sample, Variant } from './entities';
import { Cohort, CohortComparison } from './cohort';
import { Query } from './query';

export const resolvers = {
  Query,
  Gene,
  Sample,
  ExpressionValue,
  Variant,
  GeneSet,
  Patient,
  Cohort,
  CohortComparison,
};
