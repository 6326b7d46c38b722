'use client';

import { RouteError } from '@/components/catalog/route-error';

export default function CatalogError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} title="The catalogue could not be shown." />;
}
