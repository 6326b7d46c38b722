import { csv, csvRaw, ndjson, type RowEncoder } from '@mesh/product-kit';

// The CSV and NDJSON encoders live in the product kit: the products' `/bulk` row streams write with the
// same code, so the bulk path and the GraphQL path give the same bytes.
export { csv, csvField, csvRaw, ndjson, type RowEncoder } from '@mesh/product-kit';

export type ExportFormatName = 'csv' | 'ndjson' | 'arrow';

/** Arrow is binary and written a page (record batch) at a time: see arrow.ts. */
export const arrowFormat = {
  contentType: 'application/vnd.apache.arrow.stream',
  extension: 'arrows',
} as const;

export const encoders: Partial<Record<ExportFormatName, RowEncoder>> = { csv, ndjson };

/** The text encoder of a request: CSV cells are neutralised unless it opts out (`csvSafe: false`). */
export function encoderFor(format: ExportFormatName, csvSafe: boolean | undefined): RowEncoder | undefined {
  return format === 'csv' && csvSafe === false ? csvRaw : encoders[format];
}
