import { udatDownload } from '@/components/history/export-routes';
import { csvFileName, toCsv, udatTable } from '@/components/udats/csv';

/**
 * One saved artifact as CSV (RFC 4180): a result's table (AnalysisResult columns and rows), a gene set's
 * `symbol` column, a variable group's `variable` column, a cohort's criteria as key/value rows.
 */
export const GET = udatDownload((udat) => ({
  body: toCsv(udatTable(udat.kind, udat.payload)),
  contentType: 'text/csv; charset=utf-8; header=present',
  fileName: csvFileName(udat.name),
}));
