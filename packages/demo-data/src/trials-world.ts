import type Database from 'better-sqlite3';
import type { PatientSummary } from './clinical-world';
import { addDays, daysBetween } from './dates';
import { Random, streamSeed } from './random';
import { batchedInsert } from '@mesh/product-kit';

const DAYS_PER_MONTH = 30.4375;

/** Monthly hazard of death by cancer (planted signal T2: pancreas and lung far worse than breast). */
export const OS_MONTHLY_HAZARD: Record<string, number> = {
  'C25.9': 0.12,
  'C34.9': 0.06,
  'C18.9': 0.035,
  C61: 0.015,
  'C50.9': 0.01,
};
/** Planted signal T1: the experimental arm of ONC-01 has a hazard ratio of 0.4 for death and progression. */
export const ONC_EXPERIMENTAL_HAZARD_RATIO = 0.4;

const TRIALS = [
  {
    id: 'ONC-01',
    title: 'Exemplumab plus standard of care in solid tumours',
    phase: 'Phase III',
    condition: 'C00-C97',
    description:
      'Randomised 1:1, open label. Adults with breast, lung, colon, prostate or pancreatic cancer. Synthetic demo trial.',
    endpoints: 'OS,PFS',
    arms: [
      { id: 'ONC-01-A', name: 'Standard of care', treatment: 'Standard of care', kind: 'control' },
      {
        id: 'ONC-01-B',
        name: 'Exemplumab',
        treatment: 'Exemplumab 10 mg/kg every 3 weeks + standard of care',
        kind: 'experimental',
      },
    ],
  },
  {
    id: 'CARDIO-02',
    title: 'Placebotensin for cardiovascular events in hypertension',
    phase: 'Phase III',
    condition: 'I10',
    description:
      'Randomised 1:1, double blind, placebo controlled. Adults with essential hypertension. Synthetic demo trial with no treatment effect.',
    endpoints: 'MACE',
    arms: [
      { id: 'CARDIO-02-A', name: 'Placebo', treatment: 'Placebo once daily', kind: 'control' },
      {
        id: 'CARDIO-02-B',
        name: 'Placebotensin',
        treatment: 'Placebotensin 10 mg once daily',
        kind: 'experimental',
      },
    ],
  },
] as const;

/** Days until an event with a constant monthly hazard. */
function eventDays(random: Random, monthlyHazard: number): number {
  let u = 0;
  while (u === 0) u = random.next();
  return (-Math.log(u) / monthlyHazard) * DAYS_PER_MONTH;
}

export function fillTrials(
  db: Database.Database,
  patients: PatientSummary[],
  options: { seed: number; referenceDate: string },
): { enrolments: number } {
  const random = new Random(streamSeed(options.seed, 'trials'));
  const insertTrial = db.prepare(
    'INSERT INTO trials (id, title, phase, condition, description, endpoints) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertArm = db.prepare(
    'INSERT INTO arms (id, trial_id, name, treatment, kind) VALUES (?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const trial of TRIALS) {
      insertTrial.run(
        trial.id,
        trial.title,
        trial.phase,
        trial.condition,
        trial.description,
        trial.endpoints,
      );
      for (const arm of trial.arms) insertArm.run(arm.id, trial.id, arm.name, arm.treatment, arm.kind);
    }
  })();
  const enrolments = batchedInsert<string>(
    db,
    'INSERT INTO enrolments (id, trial_id, arm_id, patient_id, enrolled_on) VALUES (?, ?, ?, ?, ?)',
  );
  const outcomes = batchedInsert<string | number>(
    db,
    'INSERT INTO outcomes (enrolment_id, endpoint, days, event) VALUES (?, ?, ?, ?)',
  );
  let counter = 0;
  const enrol = (trialId: string, patient: PatientSummary) => {
    counter += 1;
    const id = `ENR-${String(counter).padStart(6, '0')}`;
    const experimental = random.chance(0.5);
    const trial = TRIALS.find((t) => t.id === trialId)!;
    const enrolledOn = addDays(options.referenceDate, -random.int(90, 4 * 365));
    enrolments.add([id, trialId, trial.arms[experimental ? 1 : 0].id, patient.id, enrolledOn]);
    const followUp = daysBetween(enrolledOn, options.referenceDate);
    const dropout = eventDays(random, 0.004);
    return { id, experimental, followUp, dropout };
  };
  // Observed time and event: the earliest of event, loss to follow-up and the snapshot date.
  const observe = (eventAt: number, dropout: number, followUp: number) => {
    const censorAt = Math.min(dropout, followUp);
    return eventAt <= censorAt
      ? { days: Math.max(1, Math.ceil(eventAt)), event: 1 }
      : { days: Math.max(1, Math.floor(censorAt)), event: 0 };
  };

  for (const patient of patients) {
    const ageFactor = Math.exp(0.02 * (patient.age - 60));
    if (patient.cancer && random.chance(0.9)) {
      const e = enrol('ONC-01', patient);
      const hazard =
        OS_MONTHLY_HAZARD[patient.cancer]! * ageFactor * (e.experimental ? ONC_EXPERIMENTAL_HAZARD_RATIO : 1);
      const death = eventDays(random, hazard);
      const progression = Math.min(death, eventDays(random, hazard * 1.5));
      const os = observe(death, e.dropout, e.followUp);
      const pfs = observe(progression, e.dropout, e.followUp);
      outcomes.add([e.id, 'OS', os.days, os.event]);
      outcomes.add([e.id, 'PFS', pfs.days, pfs.event]);
    }
    if (patient.diagnoses.has('I10') && random.chance(0.3)) {
      const e = enrol('CARDIO-02', patient);
      const mace = observe(
        eventDays(random, 0.003 * Math.exp(0.03 * (patient.age - 60))),
        e.dropout,
        e.followUp,
      );
      outcomes.add([e.id, 'MACE', mace.days, mace.event]);
    }
  }
  enrolments.flush();
  outcomes.flush();
  return { enrolments: counter };
}
