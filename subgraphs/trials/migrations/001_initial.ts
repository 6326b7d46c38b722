import type { Knex } from 'knex';
import { createSnapshotMetadataTable } from '@mesh/product-kit';

export const name = '001_initial';

export async function up(knex: Knex): Promise<void> {
  await createSnapshotMetadataTable(knex);
  await knex.schema.createTable('trials', (t) => {
    t.string('id').primary();
    t.string('title').notNullable();
    t.string('phase').notNullable();
    t.string('condition').notNullable().comment('ICD-10 category');
    t.text('description').notNullable();
    t.string('endpoints').notNullable().comment('comma-separated Endpoint values');
  });
  await knex.schema.createTable('arms', (t) => {
    t.string('id').primary();
    t.string('trial_id').notNullable().references('trials.id');
    t.string('name').notNullable();
    t.string('treatment').notNullable();
    t.string('kind').notNullable();
  });
  await knex.schema.createTable('enrolments', (t) => {
    t.string('id').primary();
    t.string('trial_id').notNullable().references('trials.id');
    t.string('arm_id').notNullable().references('arms.id');
    t.string('patient_id').notNullable().comment('Patient id owned by the clinical product');
    t.string('enrolled_on').notNullable();
    t.index(['patient_id']);
    t.index(['trial_id', 'patient_id']);
  });
  await knex.schema.createTable('outcomes', (t) => {
    t.string('enrolment_id').notNullable().references('enrolments.id');
    t.string('endpoint').notNullable();
    t.integer('days').notNullable();
    t.boolean('event').notNullable();
    t.primary(['enrolment_id', 'endpoint']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['outcomes', 'enrolments', 'arms', 'trials', 'snapshot_metadata'])
    await knex.schema.dropTable(table);
}
