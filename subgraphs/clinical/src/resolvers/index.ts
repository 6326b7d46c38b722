import { Diagnosis, Encounter, LabResult, Patient } from './patient';
import { Cohort, CohortComparison, cohortQueries } from './cohort';
import { Query } from './query';

export const resolvers = {
  Query: { ...Query, ...cohortQueries },
  Patient,
  Diagnosis,
  Encounter,
  LabResult,
  Cohort,
  CohortComparison,
};
