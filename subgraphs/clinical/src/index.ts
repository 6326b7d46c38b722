import {
  startProduct,
  loadProductFiles,
  type ProductDefinition,
  type ProductServerOptions,
} from '@mesh/product-kit';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { dataTables, migrations } from '../migrations';
import { resolvers } from './resolvers';
import type { Context } from './resolvers/context';
import { prepareClinicalStorage, type ClinicalStorage } from './storage';

const files = loadProductFiles(__dirname);

export const clinicalProduct: ProductDefinition<ClinicalStorage> = {
  name: 'clinical',
  title: 'Clinical records',
  description:
    'Patients with demographics, ICD-10 diagnoses, encounters and LOINC lab results; patient search with cursor pagination.',
  version: files.version,
  license: 'CC-BY-4.0',
  typeDefs: files.typeDefs,
  resolvers: resolvers as unknown as GraphQLResolverMap<Context>,
  migrations,
  dataTables,
  prepareStorage: prepareClinicalStorage,
};

export const CLINICAL_DEFAULT_PORT = 4001;

export function startClinical(options: ProductServerOptions) {
  return startProduct(clinicalProduct, options);
}

export { migrations, dataTables };
