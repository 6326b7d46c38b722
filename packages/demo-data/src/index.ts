export * from './generate';
export type { PatientSummary } from './clinical-world';
export { INFLAMMATORY_GENES, PROLIFERATION_GENES } from './genomics-world';
