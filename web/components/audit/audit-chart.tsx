'use client';

import { VegaChart } from '@/components/history/vega-chart';

/** Reads over time (spec built server-side from inline data; drawn by the shared, checked embedder). */
export function AuditChart({ spec }: { spec: Record<string, unknown> }) {
  return <VegaChart spec={spec} label="Reads of this product per day" />;
}
