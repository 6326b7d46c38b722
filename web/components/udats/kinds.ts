import type { UdatKind } from '../../lib/workspace';

export const KIND_LABELS: Record<UdatKind, string> = {
  COHORT: 'Cohort',
  GENE_SET: 'Gene set',
  VARIABLE_GROUP: 'Variable group',
  RESULT: 'Result',
};
