import { gatewayUrl } from '@/lib/config';
import { sessionToken } from '@/lib/session';

const MAX_BODY_BYTES = 1_048_576;
const GATEWAY_TIMEOUT_MS = 60_000;
const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

class BodyTooLargeError extends Error {}

/** Errors look like GraphQL answers so urql surfaces them as `graphQLErrors` with a stable code. */
function graphQLError(status: number, code: string, message: string): Response {
  return Response.json(
    { errors: [{ message, extensions: { code } }] },
    { status, headers: { 'cache-control': 'no-store' } },
  );
}

/** Reads at most `limit` bytes: `content-length` may be absent (chunked) or lie. */
async function readBody(request: Request, limit: number): Promise<string> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) throw new BodyTooLargeError();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFetchFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${GATEWAY_TIMEOUT_MS / 1000} s`;
  }
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message;
}

/**
 * The browser's only way into the mesh: forwards GraphQL POSTs to `GATEWAY_URL` and passes the answer
 * through unchanged (status and JSON body), so the gateway's provenance extensions reach the client.
 */
export async function POST(request: Request): Promise<Response> {
  // Requiring JSON keeps cross-site form posts out: browsers cannot send this content type without CORS.
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return graphQLError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send GraphQL requests as POST with content-type: application/json.',
    );
  }

  let body: string;
  try {
    body = await readBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    return graphQLError(
      413,
      'PAYLOAD_TOO_LARGE',
      `Request body exceeds ${MAX_BODY_BYTES} bytes. Send variables instead of inlined data, or split the request.`,
    );
  }

  let url: string;
  try {
    url = gatewayUrl();
  } catch (error) {
    return graphQLError(500, 'GATEWAY_MISCONFIGURED', (error as Error).message);
  }

  const headers = new Headers({
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
  });
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  // The signed-in user's token (httpOnly cookie) goes to the gateway, which authorizes every field.
  const token = headers.has('authorization') ? undefined : await sessionToken();
  if (token) headers.set('authorization', `Bearer ${token}`);

  let status: number;
  let contentType: string;
  let requestId: string | null;
  let text: string;
  try {
    const upstream = await fetch(url, {
      method: 'POST',
      headers,
      body,
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(GATEWAY_TIMEOUT_MS)]),
    });
    status = upstream.status;
    contentType = upstream.headers.get('content-type') ?? '';
    requestId = upstream.headers.get('x-request-id');
    text = await upstream.text();
  } catch (error) {
    return graphQLError(
      502,
      'GATEWAY_UNAVAILABLE',
      `The gateway at ${url} is unreachable (${describeFetchFailure(error)}). Start the mesh with \`npm start\`, or point GATEWAY_URL at a running gateway.`,
    );
  }
  if (!/json/i.test(contentType)) {
    return graphQLError(
      502,
      'GATEWAY_UNAVAILABLE',
      `The gateway at ${url} answered HTTP ${status} without a GraphQL (JSON) body. Is GATEWAY_URL the gateway's /graphql endpoint?`,
    );
  }

  const responseHeaders = new Headers({ 'content-type': contentType, 'cache-control': 'no-store' });
  if (requestId) responseHeaders.set('x-request-id', requestId);
  return new Response(text, { status, headers: responseHeaders });
}
