import { NextResponse, type NextRequest } from 'next/server';
import {
  contentSecurityPolicy,
  createNonce,
  INLINE_STYLE_PAGES,
  isForeignOrigin,
  STATIC_SECURITY_HEADERS,
} from '@/lib/security-headers';

/**
 * Runs before every page and route: refuses state-changing requests from other origins (Next.js would
 * refuse a server action too, but as a 500), and gives each page a fresh CSP nonce, which Next.js reads
 * from the request's policy and puts on its own scripts.
 */
export function proxy(request: NextRequest): NextResponse {
  if (isForeignOrigin(request.method, request.headers)) {
    const refusal = NextResponse.json(
      {
        code: 'FORBIDDEN_ORIGIN',
        message:
          'This request came from another site (its Origin is not this app), so it was refused. Open the app itself and submit the form there.',
      },
      { status: 403, headers: { 'cache-control': 'no-store' } },
    );
    for (const { key, value } of STATIC_SECURITY_HEADERS) refusal.headers.set(key, value);
    return refusal;
  }
  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, {
    development: process.env.NODE_ENV === 'development',
    inlineStyleElements: INLINE_STYLE_PAGES.has(request.nextUrl.pathname),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Static build output carries no inline script and needs no nonce (its headers come from next.config).
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
