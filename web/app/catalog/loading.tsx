import { CatalogSkeleton } from '@/components/catalog/catalog-skeleton';

export default function CatalogLoading() {
  return (
    <>
      <h1>Catalogue</h1>
      <CatalogSkeleton label="Loading the catalogue from the schema registry…" />
    </>
  );
}
