/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with `=`, `+`, `-`
 * or `@` (and, in some, tab or CR) as a formula. Every CSV this project writes passes its text cells through
 * `neutraliseCsvCell`, which prefixes such a cell with a single quote, so it is shown as text. Plain numbers
 * (`-1.5`, `+3e-4`) are left alone: they cannot run, and analysts need them as numbers. Raw output (exactly
 * the stored text) is an explicit opt-out where each writer offers it (`csvSafe: false` / `?raw=1`).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function neutraliseCsvCell(text: string): string {
  if (!FORMULA_START.test(text) || PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}
