import { udatDownload } from '@/components/history/export-routes';
import { csvFileName, csvOptionsOf, toCsv, udatTable } from '@/components/udats/csv';

/**
 * One saved artifact as CSV (RFC 4180): a result's table (AnalysisResult columns and rows), a gene set's
 * `symbol` column, a variable group's `variable` column, a cohort's criteria as key/value rows. Formula-like
 * cells are neutralised; `?raw=1` writes the stored text exactly.
 */
export const GET = udatDownload((udat, request) => ({
  body: toCsv(udatTable(udat.kind, udat.payload), csvOptionsOf(request)),
  contentType: 'text/csv; charset=utf-8; header=present',
  fileName: csvFileName(udat.name),
}));
