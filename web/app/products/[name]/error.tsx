'use client';

import { RouteError } from '@/components/catalog/route-error';

export default function ProductError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} title="This product page could not be shown." />;
}
