import { auditSearch, fetchAudit } from '@/components/audit/audit-client';

/** The audit as CSV, through the gateway with the session's token (the browser never holds it). */
export async function GET(request: Request): Promise<Response> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const search = auditSearch(params);
  search.delete('cursor');
  const response = await fetchAudit('/audit.csv', search);
  if (!(response instanceof Response))
    return Response.json(
      { error: { code: response.code, message: response.message } },
      { status: response.httpStatus },
    );
  return new Response(response.body, {
    status: response.status,
    headers: {
      'content-type': response.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
      ...(response.ok
        ? {
            'content-disposition':
              response.headers.get('content-disposition') ?? 'attachment; filename="audit.csv"',
          }
        : {}),
    },
  });
}
