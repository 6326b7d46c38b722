import { badUserInput, checkPageSize, InputErrorReason } from '@mesh/product-kit';
import { ageAt } from '../storage/age';
import type { DiagnosisRow, LabResultRow, PatientRow } from '../storage/patient-storage';
import type { Context } from './context';

const ICD10_SYSTEM = 'http://hl7.org/fhir/sid/icd-10';
const MAX_PER_PATIENT = 1000;

export const Patient = {
  __resolveReference: ({ id }: { id: string }, { storage }: Context) => storage.patients.patient(id),
  sex: (patient: PatientRow) => patient.sex.toUpperCase(),
  birthYear: (patient: PatientRow) => Number(patient.birth_date.slice(0, 4)),
  age: (patient: PatientRow, _: unknown, { storage }: Context) =>
    ageAt(patient.birth_date, storage.referenceDate),
  diagnoses: (patient: PatientRow, _: unknown, { storage }: Context) =>
    storage.patients.diagnoses(patient.id),
  encounters: (patient: PatientRow, args: { first?: number | null }, { storage }: Context) =>
    storage.patients.encounters(patient.id, checkPageSize(args.first, MAX_PER_PATIENT, 100)),
  labs(patient: PatientRow, args: { codes?: string[] | null; first?: number | null }, { storage }: Context) {
    const codes = args.codes ? [...new Set(args.codes)].sort() : null;
    const unknown = codes?.filter((code) => !storage.vocabulary.labTests.has(code)) ?? [];
    if (unknown.length > 0) {
      throw badUserInput(
        `Unknown LOINC code(s) ${unknown.join(', ')} in codes. Query labTests for the tests in this snapshot.`,
        {
          reason: InputErrorReason.UnknownCode,
          argument: 'codes',
          unknown,
        },
      );
    }
    return storage.patients.labs(patient.id, codes, checkPageSize(args.first, MAX_PER_PATIENT, 100));
  },
};

export const Diagnosis = {
  display: (row: DiagnosisRow, _: unknown, { storage }: Context) =>
    storage.vocabulary.diagnosisCodes.get(row.code)?.display ?? row.code,
  system: () => ICD10_SYSTEM,
  onsetDate: (row: DiagnosisRow) => row.onset_date,
};

export const Encounter = {
  type: (row: { type: string }) => row.type.toUpperCase(),
};

export const LabResult = {
  display: (row: LabResultRow, _: unknown, { storage }: Context) =>
    storage.vocabulary.labTests.get(row.code)?.display ?? row.code,
  unit: (row: LabResultRow, _: unknown, { storage }: Context) =>
    storage.vocabulary.labTests.get(row.code)?.unit ?? '',
  encounterId: (row: LabResultRow) => row.encounter_id,
};
