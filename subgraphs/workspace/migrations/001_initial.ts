import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

export const name = '001_initial';

/**
 * Portable between SQLite and PostgreSQL: timestamps are ISO-8601 strings (they sort and compare the same
 * on both), JSON is text validated on the way in and parsed with zod on the way out, and `seq` gives a
 * total order (newest first) that ties on equal timestamps cannot break.
 */
export async function up(knex: Knex): Promise<void> {
  // One row: every write bumps `write_seq` in its transaction, which serialises writers and is the
  // counter `dataVersion` (live:<store_id>:<write_seq>) reports.
  await knex.schema.createTable('workspace_state', (t) => {
    t.integer('id').primary();
    t.string('store_id', 32).notNullable();
    t.bigInteger('write_seq').notNullable().defaultTo(0);
    t.string('last_write_at', 32);
  });
  await knex('workspace_state').insert({ id: 1, store_id: randomBytes(6).toString('hex'), write_seq: 0 });

  await knex.schema.createTable('history_entries', (t) => {
    t.increments('seq');
    t.string('id', 64).notNullable().unique();
    t.string('kind', 16).notNullable();
    t.string('app', 200);
    t.string('title', 200).notNullable();
    t.text('operation').notNullable();
    t.string('operation_name', 200);
    t.text('variables_json').notNullable();
    t.string('owner_subject', 256).notNullable();
    t.string('owner_name', 256);
    t.text('owner_roles_json').notNullable().comment('JSON array of the owner roles at the last save (TEAM)');
    t.string('created_at', 32).notNullable();
    t.string('supergraph_id', 128);
    t.text('products_json').notNullable();
    t.text('product_names_json').notNullable().comment('JSON array of product names, for filtering');
    t.string('result_hash', 128);
    t.text('result_json');
    t.string('visibility', 16).notNullable();
    t.string('parent_id', 64);
    t.text('tags_json').notNullable();
    t.index(['owner_subject']);
    t.index(['created_at']);
    t.index(['kind']);
    t.index(['visibility']);
  });

  await knex.schema.createTable('udats', (t) => {
    t.increments('seq');
    t.string('id', 64).notNullable().unique();
    t.string('kind', 16).notNullable();
    t.string('name', 200).notNullable();
    t.text('description');
    t.text('tags_json').notNullable();
    t.string('owner_subject', 256).notNullable();
    t.string('owner_name', 256);
    t.text('owner_roles_json').notNullable().comment('JSON array of the owner roles at the last save (TEAM)');
    t.string('visibility', 16).notNullable();
    t.text('payload_json').notNullable();
    t.text('cohort_id');
    t.string('source_id', 64).comment('history_entries.id the UDAT was saved from');
    t.string('forked_from_id', 64).comment('udats.id; kept when the original is deleted (resolves to null)');
    t.integer('version').notNullable().defaultTo(1);
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['owner_subject']);
    t.index(['created_at']);
    t.index(['kind']);
    t.index(['visibility']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['udats', 'history_entries', 'workspace_state'])
    await knex.schema.dropTableIfExists(table);
}
