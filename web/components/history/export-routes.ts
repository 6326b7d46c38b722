import { discoverDataProducts } from '@/lib/data-products';
import { sessionToken } from '@/lib/session';
import { gatewayEndpoints } from '@/lib/snippets';
import type { CrateOptions } from '@/lib/ro-crate';
import {
  HISTORY_ENTRY_QUERY,
  UDAT_QUERY,
  withheldSentence,
  type ContentAccess,
  type HistoryEntryDetail,
  type UdatDetail,
} from '@/lib/workspace';
import { describeOutcomeError, errorCode, gatewayRequest, type GatewayOutcome } from './gateway';

/** Shared by the export route handlers (RO-Crate, result JSON, CSV) of runs and saved artifacts. */

function problem(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store' } });
}

/** 401 when signed out, so a download link never leaks a sign-in page as a file. */
export async function requireSession(next: string): Promise<Response | null> {
  if (await sessionToken()) return null;
  return problem(
    401,
    'UNAUTHENTICATED',
    `Sign in first: open /sign-in?next=${encodeURIComponent(next)} in this browser, then download again.`,
  );
}

/** The HTTP answer for a failed gateway read (404 for a missing or invisible row). */
export function outcomeProblem(outcome: GatewayOutcome<unknown>, what: string): Response {
  const code = errorCode(outcome);
  if (code === 'UNAUTHENTICATED') return problem(401, code, describeOutcomeError(outcome));
  if (code === 'FORBIDDEN') return problem(403, code, describeOutcomeError(outcome));
  if (outcome.status === 'unreachable')
    return problem(502, 'GATEWAY_UNAVAILABLE', describeOutcomeError(outcome));
  return problem(502, code ?? 'GATEWAY_ERROR', `Could not load ${what}: ${describeOutcomeError(outcome)}`);
}

export function notFoundProblem(what: string): Response {
  return problem(
    404,
    'NOT_FOUND',
    `No ${what} with this id is visible to you: it does not exist, or it is not shared with you.`,
  );
}

/** Web origin for data-entity URLs, the gateway's public URL, and the products' licences (best effort). */
export async function crateOptions(request: Request): Promise<CrateOptions> {
  const licenses: Record<string, string> = {};
  try {
    const products = await discoverDataProducts();
    if (products.status === 'ok')
      for (const product of products.products) licenses[product.name] = product.license;
  } catch {
    // Licences are optional in the crate: without them it says none was recorded.
  }
  return {
    webOrigin: new URL(request.url).origin,
    gatewayUrl: gatewayEndpoints(process.env).graphql,
    licenses,
  };
}

export function attachment(body: string, contentType: string, fileName: string): Response {
  return new Response(body, {
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'private, no-store',
    },
  });
}

/** A file to download, or an answer of its own (e.g. 404 for a run without a result). */
export type Download = { body: string; contentType: string; fileName: string } | Response;
type RouteContext = { params: Promise<{ id: string }> };

/**
 * A route handler that downloads something of one row the signed-in user can see: 401 signed out, the
 * gateway's refusal or failure as an HTTP problem, 404 for a row that is missing or not visible.
 */
function rowDownload<T>(
  spec: {
    page: (id: string) => string;
    what: string;
    missing: string;
    load: (id: string) => Promise<GatewayOutcome<T | null>>;
  },
  render: (row: T, request: Request) => Download | Promise<Download>,
) {
  return async (request: Request, { params }: RouteContext): Promise<Response> => {
    const { id } = await params;
    const unauthenticated = await requireSession(spec.page(id));
    if (unauthenticated) return unauthenticated;
    const outcome = await spec.load(id);
    if (outcome.status !== 'ok') return outcomeProblem(outcome, spec.what);
    if (!outcome.data) return notFoundProblem(spec.missing);
    // Content the viewer's scopes do not reach now (the workspace withheld it): no file of it at all.
    const access = (outcome.data as { access?: ContentAccess }).access;
    if (access && !access.readable) return problem(403, 'FORBIDDEN', withheldSentence(access));
    const file = await render(outcome.data, request);
    return file instanceof Response ? file : attachment(file.body, file.contentType, file.fileName);
  };
}

const pick = <T, R>(outcome: GatewayOutcome<T>, row: (data: T) => R): GatewayOutcome<R> =>
  outcome.status === 'ok' ? { ...outcome, data: row(outcome.data) } : (outcome as GatewayOutcome<never>);

/** `GET` of a download of one history entry (`/history/[id]/…`). */
export const historyEntryDownload = (
  render: (entry: HistoryEntryDetail, request: Request) => Download | Promise<Download>,
) =>
  rowDownload(
    {
      page: (id) => `/history/${id}`,
      what: 'this run',
      missing: 'run',
      load: async (id) =>
        pick(await gatewayRequest(HISTORY_ENTRY_QUERY, { id }), (data) => data.historyEntry),
    },
    render,
  );

/** `GET` of a download of one saved artifact (`/udats/[id]/…`). */
export const udatDownload = (render: (udat: UdatDetail, request: Request) => Download | Promise<Download>) =>
  rowDownload(
    {
      page: (id) => `/udats/${id}`,
      what: 'this artifact',
      missing: 'saved artifact',
      load: async (id) => pick(await gatewayRequest(UDAT_QUERY, { id }), (data) => data.udat),
    },
    render,
  );
