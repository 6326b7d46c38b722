import type { Column } from './plan';

export type ExportFormatName = 'csv' | 'ndjson' | 'arrow';

/** Encodes rows as text lines; a format writes its header (if any) once, before the first row. */
export interface RowEncoder {
  contentType: string;
  extension: string;
  header(columns: readonly Column[]): string;
  row(columns: readonly Column[], values: readonly unknown[]): string;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field per RFC 4180: quoted (with doubled quotes) only when it holds `"`, `,`, CR or LF. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvText(column: Column, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (column.kind === 'leafList' && Array.isArray(value))
    return value.map((item) => (item === null ? '' : String(item))).join(';');
  if (column.kind === 'json' || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const csv: RowEncoder = {
  contentType: 'text/csv; charset=utf-8; header=present',
  extension: 'csv',
  header: (columns) => `${columns.map((column) => csvField(column.name)).join(',')}\r\n`,
  row: (columns, values) => {
    let line = '';
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ',';
      line += csvField(csvText(columns[i]!, values[i]));
    }
    return `${line}\r\n`;
  },
};

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

/** Arrow is binary and written a page (record batch) at a time: see arrow.ts. */
export const arrowFormat = {
  contentType: 'application/vnd.apache.arrow.stream',
  extension: 'arrows',
} as const;

export const encoders: Partial<Record<ExportFormatName, RowEncoder>> = { csv, ndjson };
