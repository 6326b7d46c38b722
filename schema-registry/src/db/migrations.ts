import type { Migration } from '@mesh/product-kit';
import { governanceAndUsageRetention } from './migration-governance-usage';

export type RegistryMigration = Migration;

/**
 * The registry's schema, portable between SQLite and PostgreSQL: timestamps are ISO-8601 strings (so they
 * sort and compare the same on both), JSON is text parsed with zod on the way out, ids are explicit.
 */
const initial: RegistryMigration = {
  name: '001_initial',
  async up(knex) {
    // One row per mesh: every write transaction updates it first, which serialises writers (a row lock on
    // PostgreSQL, the database write lock on SQLite) and so keeps the history linear.
    await knex.schema.createTable('registry_state', (t) => {
      t.integer('id').primary();
      t.integer('head_seq').notNullable().defaultTo(0);
      t.integer('write_count').notNullable().defaultTo(0);
    });
    await knex('registry_state').insert({ id: 1, head_seq: 0, write_count: 0 });

    // Content-addressed text (SDLs, supergraphs): versions share what did not change.
    await knex.schema.createTable('blobs', (t) => {
      t.string('hash', 80).primary();
      t.text('content').notNullable();
    });

    await knex.schema.createTable('schema_versions', (t) => {
      t.integer('seq').primary();
      t.string('id', 80).notNullable().index();
      t.string('supergraph_hash', 80).notNullable().references('blobs.hash');
      t.string('api_hash', 80).notNullable().references('blobs.hash');
      t.string('action', 16).notNullable();
      t.string('product', 64).notNullable();
      t.string('product_version', 64);
      t.string('created_at', 32).notNullable();
      t.string('created_by', 128).notNullable();
      t.boolean('forced').notNullable().defaultTo(false);
      t.text('reason');
      t.string('git_commit', 64);
      t.string('git_author', 256);
      t.text('changes_json').notNullable();
    });

    await knex.schema.createTable('version_subgraphs', (t) => {
      t.integer('seq').notNullable().references('schema_versions.seq');
      t.string('product', 64).notNullable();
      t.text('routing_url').notNullable();
      t.string('sdl_hash', 80).notNullable().references('blobs.hash');
      t.string('product_version', 64).notNullable();
      t.primary(['seq', 'product']);
    });

    await knex.schema.createTable('products', (t) => {
      t.string('name', 64).primary();
      t.string('status', 16).notNullable();
      t.string('current_version', 64).notNullable();
      t.string('current_data_version', 128);
      t.text('routing_url').notNullable();
      t.text('catalog_json').notNullable();
      t.string('registered_at', 32).notNullable();
      t.string('updated_at', 32).notNullable();
    });

    // A product version identifies one schema; its data snapshots come and go (dataVersion).
    await knex.schema.createTable('product_releases', (t) => {
      t.increments('id');
      t.string('product', 64).notNullable().references('products.name');
      t.string('version', 64).notNullable();
      t.string('data_version', 128).notNullable().defaultTo('');
      t.string('sdl_hash', 80).notNullable().references('blobs.hash');
      t.integer('schema_seq');
      t.string('published_at', 32).notNullable();
      t.string('published_by', 128).notNullable();
      t.string('git_commit', 64);
      t.string('git_author', 256);
      t.text('catalog_json').notNullable();
      t.unique(['product', 'version', 'data_version']);
      t.index(['product', 'version']);
    });

    await knex.schema.createTable('tokens', (t) => {
      t.string('id', 40).primary();
      t.string('name', 128).notNullable();
      t.string('token_hash', 80).notNullable().unique();
      t.string('scope', 16).notNullable();
      t.string('product', 64);
      t.string('created_at', 32).notNullable();
      t.string('created_by', 128).notNullable();
      t.string('revoked_at', 32);
    });

    await knex.schema.createTable('audit_log', (t) => {
      t.increments('id');
      t.string('at', 32).notNullable();
      t.string('actor', 128).notNullable();
      t.string('action', 32).notNullable();
      t.string('product', 64);
      t.string('result', 32).notNullable();
      t.text('details_json').notNullable();
      t.index(['product']);
    });

    await knex.schema.createTable('operations', (t) => {
      t.string('hash', 80).primary();
      t.string('name', 256);
      t.text('body').notNullable();
      t.string('first_seen', 32).notNullable();
      t.string('last_seen', 32).notNullable();
    });
    await knex.schema.createTable('operation_coordinates', (t) => {
      t.string('hash', 80).notNullable().references('operations.hash');
      t.string('coordinate', 512).notNullable();
      t.primary(['hash', 'coordinate']);
      t.index(['coordinate']);
    });
    await knex.schema.createTable('operation_usage', (t) => {
      t.string('hash', 80).notNullable().references('operations.hash');
      t.string('client_name', 128).notNullable();
      t.string('client_version', 64).notNullable();
      t.string('bucket', 32).notNullable();
      t.integer('count').notNullable();
      t.primary(['hash', 'client_name', 'client_version', 'bucket']);
      t.index(['bucket']);
    });
  },
  async down(knex) {
    for (const table of [
      'operation_usage',
      'operation_coordinates',
      'operations',
      'audit_log',
      'tokens',
      'product_releases',
      'products',
      'version_subgraphs',
      'schema_versions',
      'blobs',
      'registry_state',
    ]) {
      await knex.schema.dropTableIfExists(table);
    }
  },
};

export const registryMigrations: readonly RegistryMigration[] = [initial, governanceAndUsageRetention];
