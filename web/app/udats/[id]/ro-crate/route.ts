import {
  attachment,
  crateOptions,
  notFoundProblem,
  outcomeProblem,
  requireSession,
} from '@/components/history/export-routes';
import { gatewayRequest } from '@/components/history/gateway';
import { METADATA_FILE, udatRoCrate } from '@/lib/ro-crate';
import { UDAT_QUERY } from '@/lib/workspace';

/** `ro-crate-metadata.json` of one saved artifact, with the run it came from when that run is visible. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  const unauthenticated = await requireSession(`/udats/${id}`);
  if (unauthenticated) return unauthenticated;
  const outcome = await gatewayRequest(UDAT_QUERY, { id });
  if (outcome.status !== 'ok') return outcomeProblem(outcome, 'this artifact');
  const udat = outcome.data.udat;
  if (!udat) return notFoundProblem('saved artifact');
  const crate = udatRoCrate(udat, await crateOptions(request));
  return attachment(
    `${JSON.stringify(crate, null, 2)}\n`,
    'application/ld+json; charset=utf-8',
    METADATA_FILE,
  );
}
