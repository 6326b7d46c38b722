import { neutraliseCsvCell } from '../csv-cell';

/**
 * The text encodings of a table, shared by the gateway's `/export` (GraphQL path) and the products'
 * `/bulk` row streams: one implementation, so both paths write the same bytes for the same rows.
 */

/** What an encoder needs of a column: its header name and how its values are written. */
export interface TableColumn {
  /** Header name, e.g. `samples.expression.value`. */
  name: string;
  /** `leafList`: a list of scalars, one cell joined with `;`; `json`: any other value, as JSON. */
  kind: 'leaf' | 'leafList' | 'json';
}

/** Encodes rows as text lines; a format writes its header (if any) once, before the first row. */
export interface RowEncoder {
  contentType: string;
  extension: string;
  header(columns: readonly TableColumn[]): string;
  row(columns: readonly TableColumn[], values: readonly unknown[]): string;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field per RFC 4180: quoted (with doubled quotes) only when it holds `"`, `,`, CR or LF. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(column: TableColumn, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (column.kind === 'leafList' && Array.isArray(value))
    return value.map((item) => (item === null ? '' : String(item))).join(';');
  if (column.kind === 'json' || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * CSV with formula-looking cells neutralised (`neutraliseCsvCell`): header names too, since they are the
 * query's aliases, chosen by whoever wrote it. `safe: false` writes exactly the stored text.
 */
function csvEncoder(safe: boolean): RowEncoder {
  const cell = safe ? neutraliseCsvCell : (text: string) => text;
  return {
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    header: (columns) => `${columns.map((column) => csvField(cell(column.name))).join(',')}\r\n`,
    row: (columns, values) => {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) line += ',';
        line += csvField(cell(csvText(columns[i]!, values[i])));
      }
      return `${line}\r\n`;
    },
  };
}

/** CSV safe to open in a spreadsheet: the default of every CSV this project writes. */
export const csv: RowEncoder = csvEncoder(true);

/**
 * CSV with exactly the stored text, formulas included: only on explicit request (`csvSafe: false`), for
 * tools that read CSV as data, never for a spreadsheet.
 */
export const csvRaw: RowEncoder = csvEncoder(false);

/** One JSON object per line with the same flat column names; lists of scalars stay arrays, nulls stay null. */
export const ndjson: RowEncoder = {
  contentType: 'application/x-ndjson; charset=utf-8',
  extension: 'ndjson',
  header: () => '',
  row: (columns, values) => {
    const object: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) object[columns[i]!.name] = values[i] ?? null;
    return `${JSON.stringify(object)}\n`;
  },
};

/** The text formats by name. */
export const textEncoders = { csv, ndjson } as const;
export type TextFormatName = keyof typeof textEncoders;
