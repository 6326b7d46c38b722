'use client';

import { RouteError } from '@/components/history/route-error';

export default function RouteErrorBoundary({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} what="this run" />;
}
