import { historyEntryDownload, notFoundProblem } from '@/components/history/export-routes';
import { csvFileName, resultTable, toCsv } from '@/components/udats/csv';

/** The result of one run as CSV (RFC 4180): its AnalysisResult's table, or its first list of objects. */
export const GET = historyEntryDownload((entry) =>
  entry.result === null || entry.result === undefined
    ? notFoundProblem('result of this run')
    : {
        body: toCsv(resultTable(entry.result)),
        contentType: 'text/csv; charset=utf-8; header=present',
        fileName: csvFileName(entry.title),
      },
);
