import { createLoader, groupRows, type Knex, type Logger } from '@mesh/product-kit';

export interface TrialRow {
  id: string;
  title: string;
  phase: string;
  condition: string;
  description: string;
  endpoints: string;
}

export interface ArmRow {
  id: string;
  trial_id: string;
  name: string;
  treatment: string;
  kind: 'control' | 'experimental';
}

export interface EnrolmentRow {
  id: string;
  trial_id: string;
  arm_id: string;
  patient_id: string;
  enrolled_on: string;
}

export interface OutcomeRow {
  enrolment_id: string;
  endpoint: string;
  days: number;
  event: number;
}

/** Per trial and endpoint: each enrolled patient's arm and outcome, for survival analyses. */
export interface OutcomeIndex {
  get(
    trialId: string,
    endpoint: string,
  ): Map<string, { arm: ArmRow; days: number; event: boolean }> | undefined;
}

export interface TrialsStorage {
  trials: TrialRow[];
  trialById: Map<string, TrialRow>;
  armsByTrial: Map<string, ArmRow[]>;
  armById: Map<string, ArmRow>;
  enrolmentsOfPatient(patientId: string): Promise<EnrolmentRow[]>;
  outcomesOfEnrolment(enrolmentId: string): Promise<OutcomeRow[]>;
  enrolmentPage(trialId: string, limit: number, afterId: string | null): Promise<EnrolmentRow[]>;
  enrolmentCount(trialId: string): Promise<number>;
  outcomes(): Promise<OutcomeIndex>;
}

async function buildOutcomeIndex(db: Knex, armById: Map<string, ArmRow>): Promise<OutcomeIndex> {
  const rows = (await db('outcomes as o')
    .join('enrolments as e', 'e.id', 'o.enrolment_id')
    .select('e.trial_id', 'e.arm_id', 'e.patient_id', 'o.endpoint', 'o.days', 'o.event')
    .orderBy(['e.trial_id', 'o.endpoint', 'e.patient_id'])) as {
    trial_id: string;
    arm_id: string;
    patient_id: string;
    endpoint: string;
    days: number;
    event: number;
  }[];
  const index = new Map<string, Map<string, { arm: ArmRow; days: number; event: boolean }>>();
  for (const row of rows) {
    const key = `${row.trial_id}/${row.endpoint}`;
    if (!index.has(key)) index.set(key, new Map());
    index
      .get(key)!
      .set(row.patient_id, { arm: armById.get(row.arm_id)!, days: row.days, event: row.event === 1 });
  }
  return { get: (trialId, endpoint) => index.get(`${trialId}/${endpoint}`) };
}

export async function prepareTrialsStorage(db: Knex): Promise<(scope: { logger: Logger }) => TrialsStorage> {
  const trials = (await db('trials').select('*').orderBy('id')) as TrialRow[];
  const arms = (await db('arms').select('*').orderBy('id')) as ArmRow[];
  const trialById = new Map(trials.map((trial) => [trial.id, trial]));
  const armById = new Map(arms.map((arm) => [arm.id, arm]));
  const armsByTrial = new Map(
    trials.map((trial) => [trial.id, arms.filter((arm) => arm.trial_id === trial.id)]),
  );
  let outcomeIndex: Promise<OutcomeIndex> | undefined = buildOutcomeIndex(db, armById);
  await outcomeIndex;

  return () => {
    const enrolmentsByPatient = createLoader<string, EnrolmentRow[]>(async (ids) =>
      groupRows(
        ids,
        (await db('enrolments')
          .whereIn('patient_id', ids)
          .orderBy(['patient_id', 'enrolled_on'])) as EnrolmentRow[],
        (row) => row.patient_id,
      ),
    );
    const outcomesByEnrolment = createLoader<string, OutcomeRow[]>(async (ids) =>
      groupRows(
        ids,
        (await db('outcomes')
          .whereIn('enrolment_id', ids)
          .orderBy(['enrolment_id', 'endpoint'])) as OutcomeRow[],
        (row) => row.enrolment_id,
      ),
    );
    return {
      trials,
      trialById,
      armsByTrial,
      armById,
      enrolmentsOfPatient: (id) => enrolmentsByPatient.load(id),
      outcomesOfEnrolment: (id) => outcomesByEnrolment.load(id),
      async enrolmentPage(trialId, limit, afterId) {
        const query = db('enrolments').where('trial_id', trialId);
        if (afterId !== null) query.where('id', '>', afterId);
        return (await query.orderBy('id').limit(limit)) as EnrolmentRow[];
      },
      async enrolmentCount(trialId) {
        const [row] = await db('enrolments').where('trial_id', trialId).count({ n: '*' });
        return Number((row as { n: number }).n);
      },
      outcomes: () => (outcomeIndex ??= buildOutcomeIndex(db, armById)),
    };
  };
}
