import type { Migration } from '@mesh/product-kit';

/**
 * Governance and bounded usage, portable between SQLite and PostgreSQL:
 * - `product_access_approvals`: the routing URL and visibility an admin approved for a product, so that
 *   product's own token may publish them (everything that changes who reaches the product or its data
 *   needs an admin; see operations/access-governance.ts).
 * - `operations.last_seen` indexed and `operations.body_chars` (the length of the full text when the stored
 *   body was truncated), for retention by age and by row count.
 */
export const governanceAndUsageRetention: Migration = {
  name: '002_governance_usage_retention',
  async up(knex) {
    await knex.schema.createTable('product_access_approvals', (t) => {
      t.string('product', 64).primary();
      t.text('routing_url').notNullable();
      t.string('visibility', 16).notNullable();
      t.string('approved_by', 128).notNullable();
      t.string('approved_at', 32).notNullable();
    });
    await knex.schema.alterTable('operations', (t) => {
      t.integer('body_chars');
      t.index(['last_seen']);
    });
  },
  async down(knex) {
    await knex.schema.alterTable('operations', (t) => {
      t.dropIndex(['last_seen']);
      t.dropColumn('body_chars');
    });
    await knex.schema.dropTableIfExists('product_access_approvals');
  },
};
