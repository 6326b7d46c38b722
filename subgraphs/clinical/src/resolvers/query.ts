import { checkPageSize, decodeCursor, toConnection } from '@mesh/product-kit';
import { parsePatientFilter, type PatientFilterInput } from '../storage/patient-filter';
import type { PatientRow } from '../storage/patient-storage';
import type { ClinicalStorage } from '../storage';
import type { Context } from './context';

export const MAX_PATIENTS_PAGE = 1000;

export interface PatientsArgs {
  filter?: PatientFilterInput | null;
  first?: number | null;
  after?: string | null;
}

/**
 * What `patients` reads from its arguments, validated in the resolver's order: the page size, the filter
 * in storage terms, and the id to start after. Shared with the bulk row stream, so both filter alike.
 */
export function readPatientsArgs(args: PatientsArgs, storage: ClinicalStorage) {
  const first = checkPageSize(args.first, MAX_PATIENTS_PAGE, 50);
  const criteria = parsePatientFilter(args.filter, storage.vocabulary, storage.referenceDate);
  const afterId = args.after == null ? null : String(decodeCursor('patients', args.after));
  return { first, criteria, afterId };
}

export const Query = {
  patient: (_: unknown, { id }: { id: string }, { storage }: Context) => storage.patients.patient(id),

  async patients(_: unknown, args: PatientsArgs, { storage }: Context) {
    const { first, criteria, afterId } = readPatientsArgs(args, storage);
    const rows = await storage.patients.searchPatients(criteria, first + 1, afterId);
    return {
      ...toConnection<PatientRow>(rows, first, 'patients', (row) => row.id),
      // Resolved only when selected: counting is a second statement a client may not need.
      totalCount: () => storage.patients.countPatients(criteria),
    };
  },

  async diagnosisCodes(_: unknown, __: unknown, { storage }: Context) {
    const counts = await storage.patients.patientCountsByDiagnosis();
    return [...storage.vocabulary.diagnosisCodes.values()].map((code) => ({
      ...code,
      patientCount: counts.get(code.code) ?? 0,
    }));
  },

  labTests: (_: unknown, __: unknown, { storage }: Context) => [...storage.vocabulary.labTests.values()],
};
