import { Diagnosis, Encounter, LabResult, Patient } from './patient';
import { Query } from './query';

export const resolvers = { Query, Patient, Diagnosis, Encounter, LabResult };
