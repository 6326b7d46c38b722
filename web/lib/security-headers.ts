/**
 * The web's security headers (pure: the proxy and next.config read them, tests assert them). Every page
 * has a nonce-based Content-Security-Policy: scripts run only when Next.js gave them this response's
 * nonce (and what those load: 'strict-dynamic'), the page talks to its own origin only, images are the
 * app's own or data:/blob: (a chart can send nothing anywhere), and no other site may frame it.
 */

/** Headers for every response, pages and static files alike. */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  },
];

/** A fresh, unguessable nonce for one response. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

export interface PolicyOptions {
  /** `next dev`: React's debugging eval and the hot-reload socket. */
  development?: boolean;
  /**
   * <style> elements without a nonce: only the explorer, whose editor (GraphiQL's Monaco) creates them
   * at run time. Scripts stay nonce-only there too.
   */
  inlineStyleElements?: boolean;
}

/** Pages whose policy allows <style> elements without a nonce (reached by full page loads only). */
export const INLINE_STYLE_PAGES: ReadonlySet<string> = new Set(['/explorer']);

/**
 * The policy for one page; production never has 'unsafe-eval' or 'unsafe-inline' scripts. Style
 * attributes ('unsafe-inline' in style-src-attr only) are React's `style={…}` and vega's SVG; <style>
 * elements need the nonce (but see `inlineStyleElements`). Workers are the explorer's editor, started
 * from blob: URLs.
 */
export function contentSecurityPolicy(nonce: string, options: PolicyOptions = {}): string {
  const development = options.development ?? false;
  const directives = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // A nonce in style-src would make browsers ignore 'unsafe-inline', so the explorer's has none.
    options.inlineStyleElements ? `style-src 'self' 'unsafe-inline'` : `style-src 'self' 'nonce-${nonce}'`,
    `style-src-attr 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    `worker-src 'self' blob:`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ];
  return directives.join('; ');
}

/** Methods a cross-site page could use to change state with the viewer's cookie. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * True when a state-changing request comes from another origin: its Origin header is present and is not
 * this host (`x-forwarded-host` first, as Next.js compares for server actions), or is `null` (sandboxed
 * frames, data: URLs). A request without Origin is not a browser's cross-site request and passes, as in
 * Next.js itself.
 */
export function isForeignOrigin(method: string, headers: Headers): boolean {
  if (!UNSAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get('origin');
  if (origin === null) return false;
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host');
  if (!host) return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
