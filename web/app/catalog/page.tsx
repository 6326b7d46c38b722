import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import {
  applyFacets,
  catalogHref,
  readFilters,
  type CatalogFilters,
  type SearchParams,
} from '@/components/catalog/catalog-filters';
import { CatalogProductCard } from '@/components/catalog/catalog-product-card';
import { CatalogSearchForm } from '@/components/catalog/catalog-search-form';
import { queryTerms } from '@/components/catalog/catalog-text';
import { FacetNav } from '@/components/catalog/facet-nav';
import { RegistryProblem } from '@/components/catalog/registry-problem';
import { SearchResults } from '@/components/catalog/search-results';
import styles from '@/components/catalog/catalog.module.css';
import { listCatalogProducts, searchCatalog, type CatalogProduct } from '@/lib/registry';

export const metadata: Metadata = {
  title: 'Catalogue · FAIR data mesh',
  description: 'Find data products, their types and fields, and analysis apps across the mesh.',
};

/** Enough ranked hits to facet over; the registry caps a page at 200. */
const SEARCH_LIMIT = 100;

function describeFilters({ domain, tag }: CatalogFilters): string {
  const parts = [domain ? `in domain “${domain}”` : null, tag ? `tagged “${tag}”` : null].filter(Boolean);
  return parts.length > 0 ? ` ${parts.join(' and ')}` : '';
}

function ActiveFilters({ filters }: { filters: CatalogFilters }) {
  if (!filters.domain && !filters.tag) return null;
  return (
    <p className={styles.activeFilters}>
      <span>Filtered by</span>
      {filters.domain ? (
        <Link className={styles.tag} href={catalogHref({ ...filters, domain: null })}>
          domain: {filters.domain} <span aria-hidden="true">×</span>
          <span className="visually-hidden">(remove this filter)</span>
        </Link>
      ) : null}
      {filters.tag ? (
        <Link className={styles.tag} href={catalogHref({ ...filters, tag: null })}>
          tag: {filters.tag} <span aria-hidden="true">×</span>
          <span className="visually-hidden">(remove this filter)</span>
        </Link>
      ) : null}
    </p>
  );
}

function EmptyState({ filters }: { filters: CatalogFilters }) {
  const filtered = Boolean(filters.domain || filters.tag);
  return (
    <div className="notice" data-testid="catalog-empty">
      <p className="notice__title">
        {filters.query ? (
          <>
            No product matches “{filters.query}”{describeFilters(filters)}.
          </>
        ) : (
          <>No product is{describeFilters(filters)}.</>
        )}
      </p>
      <p>
        {filters.query && filtered ? (
          <>
            <Link href={catalogHref({ query: filters.query })}>Search “{filters.query}” without filters</Link>
            {' · '}
          </>
        ) : null}
        <Link href="/catalog">Reset the search and show every product</Link>
      </p>
    </div>
  );
}

function sortForListing(products: readonly CatalogProduct[]): CatalogProduct[] {
  // Retired products stay findable (their metadata and history are kept), after the active ones.
  return [...products].sort(
    (a, b) => Number(a.status !== 'active') - Number(b.status !== 'active') || a.name.localeCompare(b.name),
  );
}

export default async function CatalogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Rendered per request: the catalogue changes with every publish, and no registry runs during the build.
  await connection();
  const filters = readFilters(await searchParams);
  const [productsResult, searchResult] = await Promise.all([
    listCatalogProducts({ includeRetired: true }),
    filters.query ? searchCatalog(filters.query, SEARCH_LIMIT) : null,
  ]);

  const intro = (
    <>
      <h1>Catalogue</h1>
      <p className="lead">
        Every data product in the mesh with its FAIR metadata, as the schema registry publishes it: find
        products, their types and fields, and the analysis apps they serve.
      </p>
      <CatalogSearchForm filters={filters} />
    </>
  );

  if (productsResult.status !== 'ok') {
    return (
      <>
        {intro}
        <div className="section">
          <RegistryProblem failure={productsResult} title="The catalogue could not be loaded." />
        </div>
      </>
    );
  }

  const productsByName = new Map(productsResult.data.map((product) => [product.name, product]));
  const facetSource = (name: string) => productsByName.get(name)?.catalog;

  if (searchResult && searchResult.status !== 'ok') {
    return (
      <>
        {intro}
        <div className="section">
          <RegistryProblem failure={searchResult} title={`The search for “${filters.query}” failed.`} />
        </div>
      </>
    );
  }

  const hits = searchResult?.data ?? null;
  const hitFacets = hits ? applyFacets(hits, (hit) => facetSource(hit.product), filters) : null;
  const productFacets = applyFacets(
    sortForListing(productsResult.data),
    (product) => product.catalog,
    filters,
  );
  const facets = hitFacets ?? productFacets;
  const count = hitFacets ? hitFacets.matching.length : productFacets.matching.length;

  return (
    <>
      {intro}
      <div className={styles.layout}>
        <FacetNav domains={facets.domains} tags={facets.tags} />
        <section aria-labelledby="catalog-results-heading">
          <div className={styles.resultsHeader}>
            <h2 id="catalog-results-heading">
              {filters.query ? `Results for “${filters.query}”` : 'Data products'}
            </h2>
            <p className="muted" data-testid="catalog-count">
              {count}{' '}
              {hitFacets ? (count === 1 ? 'result' : 'results') : count === 1 ? 'product' : 'products'}
              {hits && hits.length >= SEARCH_LIMIT ? ` (the ${SEARCH_LIMIT} best matches)` : ''}
            </p>
          </div>
          <ActiveFilters filters={filters} />
          {count === 0 ? (
            <EmptyState filters={filters} />
          ) : hitFacets ? (
            <SearchResults
              hits={hitFacets.matching}
              productsByName={productsByName}
              terms={queryTerms(filters.query)}
            />
          ) : (
            <ul className="product-grid" aria-label="Data products">
              {productFacets.matching.map((product) => (
                <li key={product.name}>
                  <CatalogProductCard product={product} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
