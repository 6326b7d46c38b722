/**
 * Reading recorded results (pure: no I/O, shared by pages, route handlers and tests). A run's `result` is
 * whatever its recorder stored — an `AnalysisResult`, or the whole `data` of a GraphQL answer that holds
 * one or more — so these helpers look for analysis results inside any JSON value.
 */

export interface ResultColumn {
  name: string;
  title?: string;
  type?: string;
  unit?: string | null;
}

export interface AnalysisStatistics {
  test?: string | null;
  statisticName?: string | null;
  testStatistic?: number | null;
  degreesOfFreedom?: number | null;
  pValue?: number | null;
  adjustedPValue?: number | null;
  effectSize?: number | null;
  effectSizeMeasure?: string | null;
  confidenceInterval?: number[] | null;
  testsPerformed?: number | null;
  significant?: number | null;
  groups?: { group: string; n: number }[];
  notes?: string[];
}

/** The kit's `AnalysisResult`, as far as the recorder selected it: only `resultHash` is sure to be there. */
export interface AnalysisResultLike {
  resultHash: string;
  app?: string;
  title?: string;
  computable?: boolean;
  reason?: string | null;
  parameters?: Record<string, unknown>;
  table?: { columns: ResultColumn[]; rows: unknown[][]; rowCount?: number };
  statistics?: AnalysisStatistics | null;
  chart?: Record<string, unknown> | null;
  product?: string;
  version?: string;
  dataVersion?: string;
}

const MAX_DEPTH = 12;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an object with a string `resultHash` whose `table`, when present, has columns and rows. */
export function isAnalysisResult(value: unknown): value is AnalysisResultLike {
  if (!isRecord(value) || typeof value.resultHash !== 'string') return false;
  if (value.table === undefined || value.table === null) return true;
  return isRecord(value.table) && Array.isArray(value.table.columns) && Array.isArray(value.table.rows);
}

/** Every analysis result inside a JSON value, depth-first in document order. */
export function findAnalysisResults(value: unknown): AnalysisResultLike[] {
  const found: AnalysisResultLike[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > MAX_DEPTH || typeof node !== 'object' || node === null) return;
    if (isAnalysisResult(node)) {
      found.push(node);
      return;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) visit(child, depth + 1);
  };
  visit(value, 0);
  return found;
}

/** The one analysis result of a value (the value itself, or the only one inside it); null otherwise. */
export function singleAnalysisResult(value: unknown): AnalysisResultLike | null {
  const found = findAnalysisResults(value);
  return found.length === 1 ? found[0]! : null;
}

/** JSON with object keys sorted at every level: the workspace hashes results the same way. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (!isRecord(item)) return item;
    return Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** A table inside a result: the analysis result's table, else the first list of objects found. */
export interface ResultTableView {
  columns: ResultColumn[];
  rows: unknown[][];
  rowCount: number;
}

export function tableOfAnalysis(result: AnalysisResultLike): ResultTableView | null {
  if (!result.table) return null;
  return {
    columns: result.table.columns,
    rows: result.table.rows,
    rowCount: result.table.rowCount ?? result.table.rows.length,
  };
}

/** Rows of objects → columns (union of keys, first-seen order) and row-major values. */
export function tableOfObjects(items: readonly unknown[]): ResultTableView | null {
  const records = items.filter(isRecord);
  if (records.length === 0 || records.length !== items.length) return null;
  const names: string[] = [];
  for (const record of records)
    for (const key of Object.keys(record)) if (!names.includes(key)) names.push(key);
  return {
    columns: names.map((name) => ({ name })),
    rows: records.map((record) => names.map((name) => record[name] ?? null)),
    rowCount: records.length,
  };
}

/** The first list of objects inside a value and its response path (`patients.nodes`), for exports. */
export function findObjectList(
  value: unknown,
  path: string[] = [],
): { path: string[]; items: unknown[] } | null {
  if (path.length > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    return value.length > 0 && value.every(isRecord) ? { path, items: value } : null;
  }
  if (!isRecord(value)) return null;
  for (const [key, child] of Object.entries(value)) {
    const found = findObjectList(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Path (response keys) of the first analysis result inside a value, e.g. `cohort.summary`. */
export function analysisResultPath(value: unknown, path: string[] = []): string[] | null {
  if (path.length > MAX_DEPTH || typeof value !== 'object' || value === null) return null;
  if (isAnalysisResult(value)) return path;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  for (const [key, child] of entries) {
    const found = analysisResultPath(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** A cell for display or CSV: numbers as they are, objects as JSON, null as empty. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
