import { defineRowStream, type RowStreams } from '@mesh/product-kit';
import { Patient } from './resolvers/patient';
import { readPatientsArgs, type PatientsArgs } from './resolvers/query';
import type { ClinicalStorage } from './storage';
import type { PatientRow } from './storage/patient-storage';

/**
 * Bulk reads (`POST /bulk`) of clinical's root lists: the rows come from the same storage query and the
 * same argument checks as the resolvers, the values from the same resolver functions.
 */
export const rowStreams: RowStreams<ClinicalStorage> = {
  patients: defineRowStream<ClinicalStorage, PatientRow>({
    rows({ args, all }, context) {
      const { first, criteria, afterId } = readPatientsArgs(args as PatientsArgs, context.storage);
      // `first: 0` answers counts only: no rows on the page, and no endCursor for an export to follow.
      if (first === 0) return [];
      const query = context.storage.patients.searchQuery(criteria, afterId);
      return context.iterate<PatientRow>(all ? query : query.limit(first));
    },
    fields: {
      id: (row) => row.id,
      sex: (row) => Patient.sex(row),
      birthYear: (row) => Patient.birthYear(row),
      age: (row, context) => Patient.age(row, undefined, context),
    },
  }),
};
