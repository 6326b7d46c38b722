import type Database from 'better-sqlite3';
import { addDays, minusYears, toIsoDate, parseIsoDate } from './dates';
import { compareAscii, Random } from './random';
import { batchedInsert } from '@mesh/product-kit';
import { CANCER_CODES, DIAGNOSES } from './vocab/icd10';
import { LABS, PANELS, type LabKey } from './vocab/loinc';

/** What the genomics side of the world needs to know about each patient. */
export interface PatientSummary {
  id: string;
  sex: 'female' | 'male';
  age: number;
  diagnoses: Set<string>;
  /** First cancer diagnosis in CANCER_CODES order, if any. */
  cancer: string | null;
  /** Carries the somatic JAK2 V617F variant in blood (planted signal S2). */
  jak2Carrier: boolean;
  /** HER2-positive breast cancer (ERBB2 over-expressed). */
  her2Positive: boolean;
}

const ENCOUNTER_TYPES = [
  ['outpatient', 0.8],
  ['inpatient', 0.12],
  ['emergency', 0.08],
] as const;

function pickWeighted<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  let roll = random.next();
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

/**
 * A patient's usual level (mean) for each lab and the visit-to-visit noise (sd). The planted clinical
 * signals live here; docs/DEMO-DATA.md lists them.
 */
function labProfile(p: PatientSummary, random: Random): Record<LabKey, { mean: number; sd: number }> {
  const has = (code: string) => p.diagnoses.has(code);
  const female = p.sex === 'female';
  const diabetic = has('E11.9');
  const level = (mean: number, between: number) => random.normal(mean, between);
  let hemoglobin = level(female ? 13.4 : 15.0, 0.8);
  if (p.jak2Carrier) hemoglobin += 2.6; // S2: JAK2 V617F raises hemoglobin
  if (has('D64.9')) hemoglobin -= 2.5;
  if (has('N18.3')) hemoglobin -= 0.8;
  const creatinine = has('N18.3') ? level(1.8, 0.3) : level(female ? 0.8 : 1.0, 0.12);
  const cholesterol = level(has('E78.5') ? 235 : 190, 25);
  return {
    hba1c: diabetic ? { mean: level(7.9, 0.9), sd: 0.4 } : { mean: level(5.4, 0.3), sd: 0.2 }, // S1
    glucose: diabetic ? { mean: level(155, 25), sd: 20 } : { mean: level(93, 7), sd: 8 },
    hemoglobin: { mean: hemoglobin, sd: 0.5 },
    hematocrit: { mean: hemoglobin * 2.95 + random.normal(0, 1), sd: 1.2 },
    platelets: { mean: level(250, 45) + (p.jak2Carrier ? 150 : 0), sd: 20 },
    leukocytes: { mean: level(7, 1.3), sd: 0.8 },
    creatinine: { mean: Math.max(0.4, creatinine), sd: 0.08 },
    egfr: {
      mean: Math.max(
        8,
        175 * Math.pow(Math.max(0.4, creatinine), -1.154) * Math.pow(p.age, -0.203) * (female ? 0.742 : 1),
      ),
      sd: 4,
    },
    sodium: { mean: level(140, 1.5), sd: 1.5 },
    potassium: { mean: level(4.2, 0.25), sd: 0.2 },
    cholesterol: { mean: cholesterol, sd: 10 },
    ldl: { mean: cholesterol * 0.6 + random.normal(0, 8), sd: 8 },
    hdl: { mean: level(female ? 60 : 50, 10), sd: 4 },
    triglycerides: { mean: level(diabetic ? 190 : 130, 35), sd: 20 },
    bmi: { mean: level(has('E66.9') ? 35 : diabetic ? 30 : 26, 3), sd: 0.6 },
    systolic: { mean: level(has('I10') ? 145 : 122, 9), sd: 7 },
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export interface ClinicalWorldOptions {
  seed: number;
  patients: number;
  referenceDate: string;
  onProgress(done: number, total: number): void;
}

/**
 * Generates the clinical side of the demo world into `db` (already migrated) and returns the summary the
 * genomics side is planted from. Rows are streamed in batches: memory stays flat at 100,000 patients.
 */
export function fillClinical(db: Database.Database, options: ClinicalWorldOptions): PatientSummary[] {
  const random = new Random(options.seed);
  const reference = options.referenceDate;
  const referenceMs = parseIsoDate(reference);

  const codes = db.prepare('INSERT INTO diagnosis_codes (code, display, chapter) VALUES (?, ?, ?)');
  const tests = db.prepare('INSERT INTO lab_tests (code, display, unit) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const d of [...DIAGNOSES].sort((a, b) => compareAscii(a.code, b.code)))
      codes.run(d.code, d.display, d.chapter);
    for (const lab of Object.values(LABS).sort((a, b) => compareAscii(a.code, b.code)))
      tests.run(lab.code, lab.display, lab.unit);
  })();

  const patients = batchedInsert<string>(db, 'INSERT INTO patients (id, sex, birth_date) VALUES (?, ?, ?)');
  const diagnoses = batchedInsert<string>(
    db,
    'INSERT INTO diagnoses (patient_id, code, onset_date) VALUES (?, ?, ?)',
  );
  const encounters = batchedInsert<string>(
    db,
    'INSERT INTO encounters (id, patient_id, date, type) VALUES (?, ?, ?, ?)',
  );
  const labs = batchedInsert<string | number>(
    db,
    'INSERT INTO lab_results (patient_id, encounter_id, code, value, date) VALUES (?, ?, ?, ?, ?)',
  );

  const summaries: PatientSummary[] = [];
  let encounterCounter = 0;
  for (let i = 1; i <= options.patients; i++) {
    const id = `PAT-${String(i).padStart(6, '0')}`;
    const sex = random.chance(0.5) ? 'female' : 'male';
    const age = 18 + Math.floor(72 * Math.sqrt(random.next()));
    // Born within the year that gives exactly `age` at the reference date.
    const birthDate = addDays(minusYears(reference, age), -random.int(0, 364));
    patients.add([id, sex, birthDate]);

    const summary: PatientSummary = {
      id,
      sex,
      age,
      diagnoses: new Set(),
      cancer: null,
      jak2Carrier: false,
      her2Positive: false,
    };
    const adulthood = Math.max(parseIsoDate(minusYears(birthDate, -18)), referenceMs - 15 * 365 * 86_400_000);
    for (const spec of DIAGNOSES) {
      if (spec.sex && spec.sex !== sex) continue;
      const probability = spec.base + (spec.perYear ?? 0) * Math.max(0, age - (spec.fromAge ?? 0));
      if (!random.chance(probability)) continue;
      summary.diagnoses.add(spec.code);
      const onset = toIsoDate(adulthood + random.next() * (referenceMs - 30 * 86_400_000 - adulthood));
      diagnoses.add([id, spec.code, onset]);
    }
    summary.cancer = CANCER_CODES.find((code) => summary.diagnoses.has(code)) ?? null;
    summary.jak2Carrier = summary.diagnoses.has('D45')
      ? random.chance(0.95)
      : random.chance(0.004 + 0.0003 * Math.max(0, age - 50));
    summary.her2Positive = summary.diagnoses.has('C50.9') && random.chance(0.2);

    const profile = labProfile(summary, random);
    const visits = Math.min(25, 1 + random.poisson(1.5 + 0.8 * summary.diagnoses.size));
    const dates = Array.from({ length: visits }, () => addDays(reference, -random.int(1, 5 * 365))).sort();
    for (const date of dates) {
      encounterCounter += 1;
      const encounterId = `ENC-${String(encounterCounter).padStart(7, '0')}`;
      encounters.add([encounterId, id, date, pickWeighted(random, ENCOUNTER_TYPES)]);
      for (const panel of PANELS) {
        const ordered =
          panel.labs.includes('hba1c') && summary.diagnoses.has('E11.9') ? 0.9 : panel.probability;
        if (!random.chance(ordered)) continue;
        for (const key of panel.labs) {
          const spec = LABS[key];
          const value = Math.max(0, random.normal(profile[key].mean, profile[key].sd));
          labs.add([id, encounterId, spec.code, round(value, spec.decimals), date]);
        }
      }
    }
    summaries.push(summary);
    if (i % 1000 === 0 || i === options.patients) options.onProgress(i, options.patients);
  }
  for (const batch of [patients, diagnoses, encounters, labs]) batch.flush();
  return summaries;
}
