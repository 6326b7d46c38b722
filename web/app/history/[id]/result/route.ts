import { canonicalJson } from '@/components/history/analysis-result';
import { historyEntryDownload, notFoundProblem } from '@/components/history/export-routes';

/**
 * The stored result of one run as canonical JSON (keys sorted): the bytes the workspace hashes when a run
 * is recorded without its own hash. The run's RO-Crate names this URL as its result.
 */
export const GET = historyEntryDownload((entry) =>
  entry.result === null || entry.result === undefined
    ? notFoundProblem('result of this run')
    : {
        body: canonicalJson(entry.result),
        contentType: 'application/json; charset=utf-8',
        fileName: `${entry.id}-result.json`,
      },
);
