import Link from 'next/link';
import { CatalogSearchForm } from '@/components/catalog/catalog-search-form';

/** An unknown product name (`notFound()` in [name]/layout.tsx): point to the catalogue and its search. */
export default function ProductNotFound() {
  return (
    <>
      <h1>No such data product</h1>
      <p className="lead">
        The schema registry knows no product by that name. It may have been renamed, or the link has a typo.
      </p>
      <p>
        <Link href="/catalog">Browse the catalogue</Link> to see every product, or search it for a product,
        type, field or app:
      </p>
      <CatalogSearchForm filters={{ query: '', domain: null, tag: null }} />
    </>
  );
}
