import { historyEntryDownload, notFoundProblem } from '@/components/history/export-routes';
import { csvFileName, csvOptionsOf, resultTable, toCsv } from '@/components/udats/csv';

/**
 * The result of one run as CSV (RFC 4180): its AnalysisResult's table, or its first list of objects.
 * Formula-like cells are neutralised; `?raw=1` writes the stored text exactly.
 */
export const GET = historyEntryDownload((entry, request) =>
  entry.result === null || entry.result === undefined
    ? notFoundProblem('result of this run')
    : {
        body: toCsv(resultTable(entry.result), csvOptionsOf(request)),
        contentType: 'text/csv; charset=utf-8; header=present',
        fileName: csvFileName(entry.title),
      },
);
