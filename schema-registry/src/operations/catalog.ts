import { searchCatalog, type SearchHit } from '../composition/catalog-search';
import { catalogJsonLd, productJsonLd, versionJsonLd } from '../composition/json-ld';
import { unknownProduct, RegistryError, RegistryErrorCode } from '../errors';
import { createProductsStorage, type Product } from '../storage/products-storage';
import { createSchemaVersionsStorage } from '../storage/schema-versions-storage';
import type { RegistryContext } from './context';

/*
 * The catalogue is public: FAIR metadata is findable and accessible without a token (the data itself is
 * behind the gateway). Only active products' schemas are searched; retired ones stay findable by metadata.
 */

async function productsWithVersions(ctx: RegistryContext, includeRetired = true) {
  const storage = createProductsStorage(ctx.db);
  const products = await storage.list({ includeRetired });
  const versions = await storage.versionsOf(products.map((p) => p.name));
  return products.map((product) => ({ product, versions: versions.get(product.name)! }));
}

export async function listCatalog(ctx: RegistryContext, options: { includeRetired: boolean }) {
  return productsWithVersions(ctx, options.includeRetired);
}

export async function catalogDocument(ctx: RegistryContext) {
  return catalogJsonLd(ctx.links, await productsWithVersions(ctx));
}

async function requireProduct(ctx: RegistryContext, name: string): Promise<Product> {
  const product = await createProductsStorage(ctx.db).get(name);
  if (!product) throw unknownProduct(name);
  return product;
}

export async function productDocument(ctx: RegistryContext, name: string) {
  const product = await requireProduct(ctx, name);
  const versions = (await createProductsStorage(ctx.db).versionsOf([name])).get(name)!;
  return productJsonLd(ctx.links, product, versions);
}

export async function productVersionDocument(ctx: RegistryContext, name: string, version: string) {
  const product = await requireProduct(ctx, name);
  const releases = (await createProductsStorage(ctx.db).releases(name)).filter((r) => r.version === version);
  const latest = releases.at(-1);
  if (!latest) {
    throw new RegistryError(RegistryErrorCode.NotFound, `"${name}" has no version ${version}.`, {
      product: name,
      version,
    });
  }
  const dataVersions = releases.map((r) => r.dataVersion).filter(Boolean);
  return versionJsonLd(ctx.links, product, latest, dataVersions);
}

/** The SDL a product version was published with. */
export async function productVersionSchema(
  ctx: RegistryContext,
  name: string,
  version: string,
): Promise<string> {
  await requireProduct(ctx, name);
  const release = await createProductsStorage(ctx.db).release(name, version);
  if (!release)
    throw new RegistryError(RegistryErrorCode.NotFound, `"${name}" has no version ${version}.`, {
      product: name,
      version,
    });
  return (await createSchemaVersionsStorage(ctx.db).blobs([release.sdlHash])).get(release.sdlHash)!;
}

/** Ranked search over products, their types and fields, descriptions, tags, keywords and owners. */
export async function searchCatalogEntries(
  ctx: RegistryContext,
  query: string,
  limit: number,
): Promise<SearchHit[]> {
  const storage = createProductsStorage(ctx.db);
  const products = await storage.list({ includeRetired: true });
  const releases = await storage.currentReleases();
  const texts = await createSchemaVersionsStorage(ctx.db).blobs([...releases.values()].map((r) => r.sdlHash));
  return searchCatalog(
    products.map((product) => {
      const release = releases.get(product.name);
      return {
        name: product.name,
        status: product.status,
        catalog: product.catalog,
        sdl: release ? (texts.get(release.sdlHash) ?? '') : '',
      };
    }),
    query,
    Math.min(Math.max(limit, 1), 200),
  );
}
