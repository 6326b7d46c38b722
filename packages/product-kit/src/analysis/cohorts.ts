import { badUserInput, InputErrorReason } from '../errors';

/**
 * Statistical disclosure control: an analysis never runs on a cohort of 1 to 4 patients, whose aggregates
 * could describe individuals. An empty cohort is not disclosive; it gives a "not computable" result.
 */
export const MIN_COHORT_SIZE = 5;

/** A cohort as other products receive it from clinical through federation (@requires). */
export interface CohortRef {
  id: string;
  name: string;
  definition: unknown;
  patientIds: string[];
}

export function checkCohortSizes(cohorts: { name: string; size: number; argument: string }[]): void {
  for (const cohort of cohorts) {
    if (cohort.size > 0 && cohort.size < MIN_COHORT_SIZE) {
      throw badUserInput(
        // Never the size itself: a count of 1 to 4 patients is what disclosure control suppresses.
        `Cohort "${cohort.name}" has fewer than ${MIN_COHORT_SIZE} patients; analyses need at least ${MIN_COHORT_SIZE} to protect privacy. Widen its criteria.`,
        {
          reason: InputErrorReason.CohortTooSmall,
          argument: cohort.argument,
          minimum: MIN_COHORT_SIZE,
        },
      );
    }
  }
}

/** The part of a cohort recorded in a result's parameters: enough to re-run it, without the id list. */
export function describeCohort(cohort: { name: string; definition: unknown; patientIds: string[] }) {
  return { name: cohort.name, definition: cohort.definition, size: cohort.patientIds.length };
}
