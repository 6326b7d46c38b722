/**
 * The OWASP CSV-injection rule of `neutraliseCsvCell` in @mesh/product-kit (packages/product-kit/src/
 * csv-cell.ts), copied because the kit brings database drivers the web must not bundle. A spreadsheet
 * runs a cell that begins with `=`, `+`, `-`, `@`, tab or CR as a formula; such a cell gets a leading `'`.
 * Plain numbers are left alone. web/test/csv-cell.test.ts keeps this copy equal to the kit's.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function neutraliseCsvCell(text: string): string {
  if (!FORMULA_START.test(text) || PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}
