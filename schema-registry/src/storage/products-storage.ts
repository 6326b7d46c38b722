import type { Knex } from 'knex';
import { z } from 'zod';
import { catalogMetadata, type CatalogMetadata } from '../composition/catalog-metadata';
import { dbInt, jsonText, nullableString } from './rows';

export const productStatus = z.enum(['active', 'retired']);

const productRow = z
  .object({
    name: z.string(),
    status: productStatus,
    current_version: z.string(),
    current_data_version: nullableString,
    routing_url: z.string(),
    catalog_json: jsonText(catalogMetadata),
    registered_at: z.string(),
    updated_at: z.string(),
  })
  .transform((row) => ({
    name: row.name,
    status: row.status,
    currentVersion: row.current_version,
    currentDataVersion: row.current_data_version,
    routingUrl: row.routing_url,
    catalog: row.catalog_json,
    registeredAt: row.registered_at,
    updatedAt: row.updated_at,
  }));
export type Product = z.infer<typeof productRow>;

const releaseRow = z
  .object({
    id: dbInt,
    product: z.string(),
    version: z.string(),
    data_version: z.string(),
    sdl_hash: z.string(),
    schema_seq: dbInt.nullable(),
    published_at: z.string(),
    published_by: z.string(),
    git_commit: nullableString,
    git_author: nullableString,
    catalog_json: jsonText(catalogMetadata),
  })
  .transform((row) => ({
    id: row.id,
    product: row.product,
    version: row.version,
    dataVersion: row.data_version,
    sdlHash: row.sdl_hash,
    schemaSeq: row.schema_seq,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    gitCommit: row.git_commit,
    gitAuthor: row.git_author,
    catalog: row.catalog_json,
  }));
export type ProductRelease = z.infer<typeof releaseRow>;

export interface ProductState {
  name: string;
  status: 'active' | 'retired';
  currentVersion: string;
  currentDataVersion: string | null;
  routingUrl: string;
  catalog: CatalogMetadata;
  at: string;
}

/** Products (current state and catalogue metadata) and their releases (version × data snapshot). */
export function createProductsStorage(db: Knex) {
  return {
    async get(name: string): Promise<Product | null> {
      const row = await db('products').where({ name }).first();
      return row ? productRow.parse(row) : null;
    },

    async list(options: { includeRetired: boolean }): Promise<Product[]> {
      const query = db('products').orderBy('name');
      if (!options.includeRetired) query.where({ status: 'active' });
      return (await query).map((row: unknown) => productRow.parse(row));
    },

    async save(state: ProductState): Promise<void> {
      const values = {
        status: state.status,
        current_version: state.currentVersion,
        current_data_version: state.currentDataVersion,
        routing_url: state.routingUrl,
        catalog_json: JSON.stringify(state.catalog),
        updated_at: state.at,
      };
      await db('products')
        .insert({ name: state.name, registered_at: state.at, ...values })
        .onConflict('name')
        .merge(values);
    },

    /** Records a release; an identical (product, version, data version) is kept as first recorded. */
    async recordRelease(release: Omit<ProductRelease, 'id'>): Promise<boolean> {
      const inserted = await db('product_releases')
        .insert({
          product: release.product,
          version: release.version,
          data_version: release.dataVersion,
          sdl_hash: release.sdlHash,
          schema_seq: release.schemaSeq,
          published_at: release.publishedAt,
          published_by: release.publishedBy,
          git_commit: release.gitCommit,
          git_author: release.gitAuthor,
          catalog_json: JSON.stringify(release.catalog),
        })
        .onConflict(['product', 'version', 'data_version'])
        .ignore()
        .returning('id');
      return inserted.length > 0;
    },

    /** The latest release of a product version (any data snapshot). */
    async release(product: string, version: string): Promise<ProductRelease | null> {
      const row = await db('product_releases').where({ product, version }).orderBy('id', 'desc').first();
      return row ? releaseRow.parse(row) : null;
    },

    /** The latest release of each product's current version, in one statement. */
    async currentReleases(): Promise<Map<string, ProductRelease>> {
      const rows = await db('product_releases as r')
        .join('products as p', function () {
          this.on('p.name', '=', 'r.product').andOn('p.current_version', '=', 'r.version');
        })
        .orderBy('r.id')
        .select('r.*');
      const result = new Map<string, ProductRelease>();
      for (const row of rows) {
        const release = releaseRow.parse(row);
        result.set(release.product, release);
      }
      return result;
    },

    async releases(product: string): Promise<ProductRelease[]> {
      return (await db('product_releases').where({ product }).orderBy('id')).map((row: unknown) =>
        releaseRow.parse(row),
      );
    },

    /** Distinct versions per product, in order of first release, for many products in one statement. */
    async versionsOf(products: readonly string[]): Promise<Map<string, string[]>> {
      const result = new Map<string, string[]>(products.map((name) => [name, []]));
      if (products.length === 0) return result;
      const rows = z.array(z.object({ product: z.string(), version: z.string(), first_id: dbInt })).parse(
        await db('product_releases')
          .whereIn('product', [...products])
          .groupBy('product', 'version')
          .select('product', 'version', db.raw('min(id) as first_id'))
          .orderBy('first_id'),
      );
      for (const row of rows) result.get(row.product)?.push(row.version);
      return result;
    },
  };
}
export type ProductsStorage = ReturnType<typeof createProductsStorage>;
