import {
  attachment,
  notFoundProblem,
  outcomeProblem,
  requireSession,
} from '@/components/history/export-routes';
import { gatewayRequest } from '@/components/history/gateway';
import { csvFileName, toCsv, udatTable } from '@/components/udats/csv';
import { UDAT_QUERY } from '@/lib/workspace';

/**
 * One saved artifact as CSV (RFC 4180): a result's table (AnalysisResult columns and rows), a gene set's
 * `symbol` column, a variable group's `variable` column, a cohort's criteria as key/value rows.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const unauthenticated = await requireSession(`/udats/${id}`);
  if (unauthenticated) return unauthenticated;
  const outcome = await gatewayRequest(UDAT_QUERY, { id });
  if (outcome.status !== 'ok') return outcomeProblem(outcome, 'this artifact');
  const udat = outcome.data.udat;
  if (!udat) return notFoundProblem('saved artifact');
  return attachment(
    toCsv(udatTable(udat.kind, udat.payload)),
    'text/csv; charset=utf-8; header=present',
    csvFileName(udat.name),
  );
}
