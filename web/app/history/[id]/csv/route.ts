import {
  attachment,
  notFoundProblem,
  outcomeProblem,
  requireSession,
} from '@/components/history/export-routes';
import { gatewayRequest } from '@/components/history/gateway';
import { csvFileName, resultTable, toCsv } from '@/components/udats/csv';
import { HISTORY_ENTRY_QUERY } from '@/lib/workspace';

/** The result of one run as CSV (RFC 4180): its AnalysisResult's table, or its first list of objects. */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const unauthenticated = await requireSession(`/history/${id}`);
  if (unauthenticated) return unauthenticated;
  const outcome = await gatewayRequest(HISTORY_ENTRY_QUERY, { id });
  if (outcome.status !== 'ok') return outcomeProblem(outcome, 'this run');
  const entry = outcome.data.historyEntry;
  if (!entry) return notFoundProblem('run');
  if (entry.result === null || entry.result === undefined) return notFoundProblem('result of this run');
  return attachment(
    toCsv(resultTable(entry.result)),
    'text/csv; charset=utf-8; header=present',
    csvFileName(entry.title),
  );
}
