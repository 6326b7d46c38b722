import { createHash } from 'node:crypto';
import type { ProductIdentity } from '../identity';
import type { AnalysisResult, AnalysisStatistics, AppDefinition, ResultColumn } from './types';

/** JSON with object keys sorted, so equal content always serialises (and hashes) the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    return Object.fromEntries(
      Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}

export interface ResultContent {
  parameters: Record<string, unknown>;
  columns: ResultColumn[];
  rows: unknown[][];
  statistics: AnalysisStatistics | null;
  chart: Record<string, unknown> | null;
}

function finish(
  identity: ProductIdentity,
  app: AppDefinition,
  content: ResultContent,
  computable: boolean,
  reason: string | null,
): AnalysisResult {
  const body = {
    app: `${identity.name}.${app.name}`,
    title: app.title,
    computable,
    reason,
    parameters: content.parameters,
    table: { columns: content.columns, rows: content.rows, rowCount: content.rows.length },
    statistics: content.statistics,
    chart: content.chart,
    product: identity.name,
    version: identity.version,
    dataVersion: identity.dataVersion,
  };
  return hashResult(body);
}

/** Same inputs on the same code and data version give the same bytes, hence the same hash. */
export function hashResult<T extends object>(body: T): T & { resultHash: string } {
  return { ...body, resultHash: `sha256:${createHash('sha256').update(canonicalJson(body)).digest('hex')}` };
}

export function analysisResult(
  identity: ProductIdentity,
  app: AppDefinition,
  content: ResultContent,
): AnalysisResult {
  return finish(identity, app, content, true, null);
}

/**
 * A degenerate input (empty cohort, n < 2, zero variance, all censored) is an answer, not an error: the
 * result says why nothing could be computed, and keeps whatever descriptive part still makes sense.
 */
export function notComputable(
  identity: ProductIdentity,
  app: AppDefinition,
  reason: string,
  content: Partial<ResultContent> & { parameters: Record<string, unknown> },
): AnalysisResult {
  return finish(
    identity,
    app,
    { columns: [], rows: [], statistics: null, chart: null, ...content },
    false,
    reason,
  );
}
