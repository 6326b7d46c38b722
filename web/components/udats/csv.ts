import {
  formatCell,
  singleAnalysisResult,
  tableOfAnalysis,
  tableOfObjects,
  findObjectList,
} from '../history/analysis-result';
import { neutraliseCsvCell } from '../../lib/csv-cell';
import type { UdatKind } from '../../lib/workspace';

/**
 * CSV of a saved artifact or a result (pure): RFC 4180 — CRLF line ends, a header row, fields quoted when
 * they hold a comma, a double quote, CR or LF, with quotes doubled. Cells are other users' text (names,
 * tags, cohort values), so a cell a spreadsheet would run as a formula gets a leading `'` (OWASP rule,
 * see lib/csv-cell.ts); `raw` (the routes' `?raw=1`) writes the stored text exactly.
 */

export interface CsvTable {
  header: string[];
  rows: unknown[][];
}

export interface CsvOptions {
  /** Exactly the stored text, formula-like cells included (for tools that read CSV, not spreadsheets). */
  raw?: boolean;
}

export function csvField(value: unknown, options: CsvOptions = {}): string {
  const formatted = formatCell(value);
  const text = options.raw ? formatted : neutraliseCsvCell(formatted);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: CsvTable, options: CsvOptions = {}): string {
  const lines = [table.header, ...table.rows].map((row) =>
    row.map((cell) => csvField(cell, options)).join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * `?raw=1` on a CSV route: the opt-out from formula neutralisation — honoured only when the request did not
 * come from another site. A link elsewhere to `…/csv?raw=1` would otherwise hand the viewer their own data
 * with live formulas planted by someone else; browsers say where a navigation came from in
 * `Sec-Fetch-Site` (`cross-site`/`same-site` from a foreign page; `same-origin` from ours; `none` typed or
 * bookmarked), and non-browser clients (curl, notebooks) send none and are nobody's victim.
 */
export function csvOptionsOf(request: Request): CsvOptions {
  const asked = new URL(request.url).searchParams.get('raw') === '1';
  const site = request.headers.get('sec-fetch-site');
  return { raw: asked && (site === null || site === 'same-origin' || site === 'none') };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested criteria as `key,value` rows with dotted paths: `any[0].diagnosis,C34`. */
export function keyValueRows(value: unknown, prefix = ''): unknown[][] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[prefix, '[]']];
    return value.flatMap((item, index) => keyValueRows(item, `${prefix}[${index}]`));
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix ? [[prefix, '{}']] : [];
    return entries.flatMap(([key, item]) => keyValueRows(item, prefix ? `${prefix}.${key}` : key));
  }
  return [[prefix || 'value', value]];
}

/** A result's table: its AnalysisResult's typed table, else its first list of objects, else key/value rows. */
export function resultTable(result: unknown): CsvTable {
  const analysis = singleAnalysisResult(result);
  const analysisTable = analysis ? tableOfAnalysis(analysis) : null;
  if (analysisTable) {
    return { header: analysisTable.columns.map((column) => column.name), rows: analysisTable.rows };
  }
  const list = Array.isArray(result) ? { items: result } : findObjectList(result);
  const objects = list ? tableOfObjects(list.items) : null;
  if (objects) return { header: objects.columns.map((column) => column.name), rows: objects.rows };
  return { header: ['key', 'value'], rows: keyValueRows(result) };
}

/** The table a saved artifact exports, by kind (see UdatKind). */
export function udatTable(kind: UdatKind, payload: unknown): CsvTable {
  const record = isRecord(payload) ? payload : {};
  switch (kind) {
    case 'GENE_SET':
      return {
        header: ['symbol'],
        rows: (Array.isArray(record.genes) ? record.genes : []).map((symbol) => [symbol]),
      };
    case 'VARIABLE_GROUP':
      return {
        header: ['variable'],
        rows: (Array.isArray(record.variables) ? record.variables : []).map((name) => [name]),
      };
    case 'COHORT':
      return { header: ['key', 'value'], rows: keyValueRows(payload) };
    case 'RESULT':
      return resultTable(payload);
  }
}

/** A file name from an artifact's name: letters, digits, dot, dash and underscore. */
export function csvFileName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'export'}.csv`;
}
