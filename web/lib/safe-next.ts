/**
 * Where to go after signing in: `next` only when it resolves (WHATWG URL parsing, as the browser will) to
 * this app's own origin, else `/`. A prefix check is not enough: browsers read `/\evil.example`, a
 * `/<TAB>/evil.example` and `/../\evil.example` as `//evil.example`, another site.
 */
export function safeNextPath(next: unknown, appOrigin: string): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return '/';
  let own: URL;
  let target: URL;
  try {
    own = new URL(appOrigin);
    target = new URL(next, own);
  } catch {
    return '/';
  }
  if (target.origin !== own.origin) return '/';
  // A path that still begins with `//` (from `/.//evil.example`) would be another host once redirected.
  return `${target.pathname.replace(/^\/+/, '/')}${target.search}${target.hash}`;
}
