import { defineProduct } from '@mesh/product-kit';
import { dataTables, migrations } from '../migrations';
import { genomicsApps } from './apps';
import { resolvers } from './resolvers';
import { prepareGenomicsStorage, type GenomicsStorage } from './storage';

export const genomics = defineProduct<GenomicsStorage>({
  dir: __dirname,
  title: 'Genomics',
  description:
    'Biological samples with gene expression over an HGNC gene panel and somatic variants (GRCh38), linked to clinical patients.',
  license: 'CC-BY-4.0',
  resolvers,
  migrations,
  dataTables,
  prepareStorage: prepareGenomicsStorage,
  apps: genomicsApps,
});

export const startGenomics = genomics.start;
export { migrations, dataTables };
