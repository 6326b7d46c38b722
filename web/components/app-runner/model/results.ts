import type { RecordRunRequest } from '../../../lib/workspace';
import type { AnalysisApp } from './metadata';

/** What an app run answers, how a table of it reads and sorts, and what the workspace history records of it. */

// ---------------------------------------------------------------------------------------------------------
// Results

export type ColumnType = 'NUMBER' | 'INTEGER' | 'STRING' | 'BOOLEAN';

export interface ResultColumn {
  name: string;
  title: string;
  type: ColumnType;
  unit: string | null;
}

export interface AnalysisStatistics {
  test: string | null;
  statisticName: string | null;
  testStatistic: number | null;
  degreesOfFreedom: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
  effectSize: number | null;
  effectSizeMeasure: string | null;
  confidenceInterval: number[] | null;
  testsPerformed: number | null;
  significant: number | null;
  groups: { group: string; n: number }[];
  notes: string[];
}

export interface AnalysisResult {
  app: string;
  title: string;
  computable: boolean;
  reason: string | null;
  parameters: Record<string, unknown>;
  table: { columns: ResultColumn[]; rows: unknown[][]; rowCount: number };
  statistics: AnalysisStatistics | null;
  chart: Record<string, unknown> | null;
  product: string;
  version: string;
  dataVersion: string;
  resultHash: string;
}

/** The result of a run's answer: `data[entry].result` (the operation aliases the app's field). */
export function resultOf(app: AnalysisApp, data: unknown): AnalysisResult | null {
  const entry = (data as Record<string, { result?: AnalysisResult | null } | null> | null | undefined)?.[
    app.entry
  ];
  return entry?.result ?? null;
}

/** Numbers as a reader wants them: 4 significant digits, scientific notation for tiny p-values. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e7) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

export function formatCell(value: unknown, type: ColumnType): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return type === 'NUMBER' ? formatNumber(value) : String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export type SortDirection = 'ascending' | 'descending';

/** A stable sort on one column; empty cells stay last whichever the direction. */
export function sortRows(rows: readonly unknown[][], column: number, direction: SortDirection): unknown[][] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[column];
      const y = b.row[column];
      const xEmpty = x === null || x === undefined;
      const yEmpty = y === null || y === undefined;
      if (xEmpty || yEmpty) return xEmpty === yEmpty ? a.index - b.index : xEmpty ? 1 : -1;
      const order =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), 'en', { numeric: true });
      return order !== 0 ? sign * order : a.index - b.index;
    })
    .map(({ row }) => row);
}

/**
 * What the app runner asks the gateway to record with a run (request `extensions.recordRun`): title and
 * app only. The gateway records the run itself — the products and versions that answered, the scopes the
 * result needs, the AnalysisResult at `resultPath` and its hash — so none of that is the browser's word.
 */
export function recordRunRequest(app: AnalysisApp, title: string): RecordRunRequest {
  return { kind: 'APP_RUN', app: app.id, title, resultPath: [app.entry, 'result'] };
}
