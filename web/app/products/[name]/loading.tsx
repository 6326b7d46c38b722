import { CatalogSkeleton } from '@/components/catalog/catalog-skeleton';

export default function ProductLoading() {
  return <CatalogSkeleton label="Loading the product’s catalogue entry…" blocks={4} />;
}
