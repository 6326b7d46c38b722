import type { Knex } from 'knex';
import { createSnapshotMetadataTable } from '@mesh/product-kit';

export const name = '001_initial';

export async function up(knex: Knex): Promise<void> {
  await createSnapshotMetadataTable(knex);
  await knex.schema.createTable('genes', (t) => {
    t.string('symbol').primary().comment('HGNC approved symbol');
    t.string('name').notNullable();
    t.string('chromosome').notNullable();
    t.string('biotype').notNullable();
  });
  await knex.schema.createTable('samples', (t) => {
    t.string('id').primary();
    t.integer('idx').notNullable().unique().comment('column of this sample in expression_matrix vectors');
    t.string('patient_id').notNullable().comment('Patient id owned by the clinical product');
    t.string('type').notNullable();
    t.string('tissue').notNullable();
    t.string('collection_date').notNullable();
    t.index(['patient_id']);
  });
  // Gene-major matrix: one row per gene, a float32 little-endian vector with one value per sample (by
  // samples.idx). Reading a few genes for any samples, or all genes for a cohort, is a handful of rows.
  await knex.schema.createTable('expression_matrix', (t) => {
    t.string('gene_symbol').primary().references('genes.symbol');
    t.binary('vector').notNullable();
  });
  await knex.schema.createTable('variants', (t) => {
    t.string('id').primary();
    t.string('sample_id').notNullable().references('samples.id');
    t.string('gene_symbol').notNullable().references('genes.symbol');
    t.string('chromosome').notNullable();
    t.integer('position').notNullable();
    t.string('ref').notNullable();
    t.string('alt').notNullable();
    t.string('protein_change');
    t.string('consequence').notNullable();
    t.double('vaf').notNullable();
    t.index(['sample_id']);
    t.index(['gene_symbol', 'protein_change']);
  });
  await knex.schema.createTable('gene_sets', (t) => {
    t.string('id').primary();
    t.string('name').notNullable();
    t.text('description').notNullable();
  });
  await knex.schema.createTable('gene_set_members', (t) => {
    t.string('gene_set_id').notNullable().references('gene_sets.id');
    t.string('gene_symbol').notNullable().references('genes.symbol');
    t.primary(['gene_set_id', 'gene_symbol']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'gene_set_members',
    'gene_sets',
    'variants',
    'expression_matrix',
    'samples',
    'genes',
    'snapshot_metadata',
  ]) {
    await knex.schema.dropTable(table);
  }
}
