import { checkPageSize, decodeCursor, toConnection, type CohortRef } from '@mesh/product-kit';
import { runSurvival, runSurvivalByArm, type ComparisonRepresentation } from '../apps';
import type { ArmRow, EnrolmentRow, OutcomeRow, TrialRow } from '../storage';
import type { Context } from './context';

const ENDPOINT_CODES: Record<string, string> = {
  OS: 'OVERALL_SURVIVAL',
  PFS: 'PROGRESSION_FREE_SURVIVAL',
  MACE: 'MACE',
};

export const resolvers = {
  Query: {
    trials: (_: unknown, __: unknown, { storage }: Context) => storage.trials,
    trial: (_: unknown, { id }: { id: string }, { storage }: Context) => storage.trialById.get(id) ?? null,
  },
  Trial: {
    __resolveReference: ({ id }: { id: string }, { storage }: Context) => storage.trialById.get(id) ?? null,
    arms: (trial: TrialRow, _: unknown, { storage }: Context) => storage.armsByTrial.get(trial.id) ?? [],
    endpoints: (trial: TrialRow) => trial.endpoints.split(',').map((code) => ENDPOINT_CODES[code] ?? code),
    enrolmentCount: (trial: TrialRow, _: unknown, { storage }: Context) => storage.enrolmentCount(trial.id),
    async enrolments(
      trial: TrialRow,
      args: { first?: number | null; after?: string | null },
      { storage }: Context,
    ) {
      const first = checkPageSize(args.first, 1000, 50);
      const after = args.after == null ? null : String(decodeCursor('enrolments', args.after));
      const rows = await storage.enrolmentPage(trial.id, first + 1, after);
      return {
        ...toConnection(rows, first, 'enrolments', (row) => row.id),
        totalCount: () => storage.enrolmentCount(trial.id),
      };
    },
  },
  Arm: { kind: (arm: ArmRow) => arm.kind.toUpperCase() },
  Enrolment: {
    trial: (row: EnrolmentRow, _: unknown, { storage }: Context) => storage.trialById.get(row.trial_id),
    arm: (row: EnrolmentRow, _: unknown, { storage }: Context) => storage.armById.get(row.arm_id),
    patient: (row: EnrolmentRow) => ({ __typename: 'Patient', id: row.patient_id }),
    enrolledOn: (row: EnrolmentRow) => row.enrolled_on,
    outcomes: (row: EnrolmentRow, _: unknown, { storage }: Context) => storage.outcomesOfEnrolment(row.id),
  },
  Outcome: {
    endpoint: (row: OutcomeRow) => ENDPOINT_CODES[row.endpoint] ?? row.endpoint,
    event: (row: OutcomeRow) => row.event === 1,
  },
  Patient: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    enrolments: ({ id }: { id: string }, _: unknown, { storage }: Context) => storage.enrolmentsOfPatient(id),
  },
  Cohort: {
    __resolveReference: (reference: CohortRef) => reference,
    survivalByArm: (cohort: CohortRef, args: Parameters<typeof runSurvivalByArm>[1], context: Context) =>
      runSurvivalByArm(cohort, args, context),
  },
  CohortComparison: {
    __resolveReference: (reference: ComparisonRepresentation) => reference,
    survival: (
      comparison: ComparisonRepresentation,
      args: Parameters<typeof runSurvival>[1],
      context: Context,
    ) => runSurvival(comparison, args, context),
  },
};
