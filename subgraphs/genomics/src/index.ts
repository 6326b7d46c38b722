import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  loadProductFiles,
  startProduct,
  type ProductDefinition,
  type ProductServerOptions,
} from '@mesh/product-kit';
import { dataTables, migrations } from '../migrations';
import { resolvers } from './resolvers';
import type { Context } from './resolvers/context';
import { prepareGenomicsStorage, type GenomicsStorage } from './storage';

const files = loadProductFiles(__dirname);

export const genomicsProduct: ProductDefinition<GenomicsStorage> = {
  name: 'genomics',
  title: 'Genomics',
  description:
    'Biological samples with gene expression over an HGNC gene panel and somatic variants (GRCh38), linked to clinical patients.',
  version: files.version,
  license: 'CC-BY-4.0',
  typeDefs: files.typeDefs,
  resolvers: resolvers as unknown as GraphQLResolverMap<Context>,
  migrations,
  dataTables,
  prepareStorage: prepareGenomicsStorage,
};

export const GENOMICS_DEFAULT_PORT = 4002;

export function startGenomics(options: ProductServerOptions) {
  return startProduct(genomicsProduct, options);
}

export { migrations, dataTables };
