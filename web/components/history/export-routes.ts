import { discoverDataProducts } from '@/lib/data-products';
import { sessionToken } from '@/lib/session';
import { gatewayEndpoints } from '@/lib/snippets';
import type { CrateOptions } from '@/lib/ro-crate';
import { describeOutcomeError, errorCode, type GatewayOutcome } from './gateway';

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
