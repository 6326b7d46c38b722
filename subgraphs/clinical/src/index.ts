import { defineProduct } from '@mesh/product-kit';
import { dataTables, migrations } from '../migrations';
import { clinicalApps } from './apps';
import { resolvers } from './resolvers';
import { rowStreams } from './row-streams';
import { prepareClinicalStorage, type ClinicalStorage } from './storage';

export const clinical = defineProduct<ClinicalStorage>({
  dir: __dirname,
  title: 'Clinical records',
  description:
    'Patients with demographics, ICD-10 diagnoses, encounters and LOINC lab results; patient search with cursor pagination.',
  license: 'CC-BY-4.0',
  resolvers,
  rowStreams,
  migrations,
  dataTables,
  prepareStorage: prepareClinicalStorage,
  apps: clinicalApps,
});

export const startClinical = clinical.start;
export { migrations, dataTables };
