import { canonicalJson } from '@/components/history/analysis-result';
import {
  attachment,
  notFoundProblem,
  outcomeProblem,
  requireSession,
} from '@/components/history/export-routes';
import { gatewayRequest } from '@/components/history/gateway';
import { HISTORY_ENTRY_QUERY } from '@/lib/workspace';

/**
 * The stored result of one run as canonical JSON (keys sorted): the bytes the workspace hashes when a run
 * is recorded without its own hash. The run's RO-Crate names this URL as its result.
 */
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
    canonicalJson(entry.result),
    'application/json; charset=utf-8',
    `${entry.id}-result.json`,
  );
}
