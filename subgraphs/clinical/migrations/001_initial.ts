import type { Knex } from 'knex';
import { createSnapshotMetadataTable } from '@mesh/product-kit';

export const name = '001_initial';

export async function up(knex: Knex): Promise<void> {
  await createSnapshotMetadataTable(knex);
  await knex.schema.createTable('diagnosis_codes', (t) => {
    t.string('code').primary().comment('ICD-10 code');
    t.string('display').notNullable();
    t.string('chapter').notNullable();
  });
  await knex.schema.createTable('lab_tests', (t) => {
    t.string('code').primary().comment('LOINC code');
    t.string('display').notNullable();
    t.string('unit').notNullable().comment('UCUM unit');
  });
  await knex.schema.createTable('patients', (t) => {
    t.string('id').primary();
    t.string('sex').notNullable();
    t.string('birth_date').notNullable().comment('ISO date');
    t.index(['birth_date']);
  });
  await knex.schema.createTable('diagnoses', (t) => {
    t.increments('id');
    t.string('patient_id').notNullable().references('patients.id');
    t.string('code').notNullable().references('diagnosis_codes.code');
    t.string('onset_date').notNullable();
    t.index(['patient_id', 'code']);
    t.index(['code', 'patient_id']);
  });
  await knex.schema.createTable('encounters', (t) => {
    t.string('id').primary();
    t.string('patient_id').notNullable().references('patients.id');
    t.string('date').notNullable();
    t.string('type').notNullable();
    t.index(['patient_id', 'date']);
  });
  await knex.schema.createTable('lab_results', (t) => {
    t.increments('id');
    t.string('patient_id').notNullable().references('patients.id');
    t.string('encounter_id').notNullable().references('encounters.id');
    t.string('code').notNullable().references('lab_tests.code');
    t.double('value').notNullable();
    t.string('date').notNullable();
    t.index(['patient_id', 'code', 'value']);
    t.index(['code', 'value', 'patient_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'lab_results',
    'encounters',
    'diagnoses',
    'patients',
    'lab_tests',
    'diagnosis_codes',
  ]) {
    await knex.schema.dropTable(table);
  }
  await knex.schema.dropTable('snapshot_metadata');
}
