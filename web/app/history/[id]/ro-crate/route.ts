import {
  attachment,
  crateOptions,
  notFoundProblem,
  outcomeProblem,
  requireSession,
} from '@/components/history/export-routes';
import { gatewayRequest } from '@/components/history/gateway';
import { historyRoCrate, METADATA_FILE } from '@/lib/ro-crate';
import { HISTORY_ENTRY_QUERY } from '@/lib/workspace';

/** `ro-crate-metadata.json` of one run: RO-Crate 1.2 JSON-LD with the run as a PROV CreateAction. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const unauthenticated = await requireSession(`/history/${id}`);
  if (unauthenticated) return unauthenticated;
  const outcome = await gatewayRequest(HISTORY_ENTRY_QUERY, { id });
  if (outcome.status !== 'ok') return outcomeProblem(outcome, 'this run');
  const entry = outcome.data.historyEntry;
  if (!entry) return notFoundProblem('run');
  const crate = historyRoCrate(entry, await crateOptions(request));
  return attachment(
    `${JSON.stringify(crate, null, 2)}\n`,
    'application/ld+json; charset=utf-8',
    METADATA_FILE,
  );
}
