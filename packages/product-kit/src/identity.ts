import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/** What answered: product code + schema (`version`, `schemaHash`) and data snapshot (`dataVersion`). */
export interface ProductIdentity {
  name: string;
  title: string;
  description: string;
  version: string;
  schemaHash: string;
  dataVersion: string;
  license: string;
  visibility: 'public' | 'private';
  source: string | null;
  sourceUrl: string | null;
  snapshotDate: string | null;
  startedAt: string;
}

/**
 * Types every product shares. Value types, so each product declares them identically. The directive is
 * spelled with its namespace because the product's own `@link` may not import `@shareable`.
 */
export function kitTypeDefs(productName: string): string {
  return /* GraphQL */ `
    "Identity of a data product: the exact code, schema and data snapshot that produced an answer."
    type DataProduct @federation__shareable {
      "Product name, unique in the mesh (e.g. clinical)."
      name: String!
      title: String!
      description: String!
      "Semantic version of the product's code and schema."
      version: String!
      "SHA-256 of the product's SDL."
      schemaHash: String!
      "Content hash of the data snapshot being served; changes whenever any served row changes."
      dataVersion: String!
      "SPDX license identifier of the data."
      license: String!
      "public: open to every caller; private: needs the <product>:read scope."
      visibility: String!
      "Where the data comes from (provenance), when the product is built on an outside source."
      source: String
      sourceUrl: String
      "Reference date of the data snapshot (ISO 8601); ages and durations are computed at this date."
      snapshotDate: String
      "When this instance started serving (ISO 8601)."
      startedAt: String!
      "Analysis apps this product serves; a UI renders a form for each from this metadata."
      apps: [AnalysisApp!]!
    }

    "Relay-style page information for cursor pagination."
    type PageInfo @federation__shareable {
      hasNextPage: Boolean!
      "Pass as \`after\` to get the next page."
      endCursor: String
    }

    extend type Query {
      "Identity and versions of the ${productName} data product."
      ${productName}Product: DataProduct!
    }
  `;
}

export function hashSchema(sdl: string): string {
  return `sha256:${createHash('sha256').update(sdl).digest('hex')}`;
}

/** Key/value facts about a snapshot (reference date, generator, seed), written by the product's loader. */
export async function createSnapshotMetadataTable(knex: Knex): Promise<void> {
  await knex.schema.createTable('snapshot_metadata', (table) => {
    table.string('key').primary();
    table.text('value').notNullable();
  });
}

export async function readSnapshotMetadata(db: Knex): Promise<Record<string, string>> {
  const hasTable = await db.schema.hasTable('snapshot_metadata');
  if (!hasTable) return {};
  const rows = (await db('snapshot_metadata').select('key', 'value')) as { key: string; value: string }[];
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}
