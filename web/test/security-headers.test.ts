import { contentSecurityPolicy, createNonce, isForeignOrigin } from '../lib/security-headers';
import { REFUSING_LOADER, tooltipHtml } from '../lib/chart-embed';

const directives = (policy: string) =>
  Object.fromEntries(policy.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('allows scripts by nonce only in production, and nothing from other origins', () => {
    const policy = directives(contentSecurityPolicy('abc'));
    expect(policy['script-src']).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'self'"]);
    expect(policy['form-action']).toEqual(["'self'"]);
    expect(policy['style-src']).not.toContain("'unsafe-inline'");
    expect(contentSecurityPolicy('abc')).not.toMatch(/unsafe-eval/);
    expect(contentSecurityPolicy('abc', { development: true })).toMatch(/script-src [^;]*'unsafe-eval'/);
  });

  it("allows the explorer's editor its <style> elements, and nothing more", () => {
    const policy = directives(contentSecurityPolicy('abc', { inlineStyleElements: true }));
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy['script-src']).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
  });

  it('makes a fresh nonce for every response', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
  });
});

describe('isForeignOrigin (server actions and other state changes)', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it('refuses a POST from another origin, a null origin or a malformed one', () => {
    expect(isForeignOrigin('POST', headers({ host: 'app:3000', origin: 'https://evil.example' }))).toBe(true);
    expect(isForeignOrigin('POST', headers({ host: 'app:3000', origin: 'http://app:3001' }))).toBe(true);
    expect(isForeignOrigin('POST', headers({ host: 'app:3000', origin: 'null' }))).toBe(true);
    expect(isForeignOrigin('DELETE', headers({ host: 'app:3000', origin: '::' }))).toBe(true);
    expect(isForeignOrigin('POST', headers({ origin: 'http://app:3000' }))).toBe(true);
  });

  it('lets same-origin requests, reads and requests without Origin through', () => {
    expect(isForeignOrigin('POST', headers({ host: 'app:3000', origin: 'http://app:3000' }))).toBe(false);
    expect(
      isForeignOrigin(
        'POST',
        headers({ host: 'internal:80', 'x-forwarded-host': 'app.example', origin: 'https://app.example' }),
      ),
    ).toBe(false);
    expect(isForeignOrigin('GET', headers({ host: 'app:3000', origin: 'https://evil.example' }))).toBe(false);
    expect(isForeignOrigin('POST', headers({ host: 'app:3000' }))).toBe(false);
  });
});

describe('chart rendering helpers', () => {
  it('the loader refuses every fetch, link and image', async () => {
    await expect(REFUSING_LOADER.load('/udats/u/csv')).rejects.toThrow(/inline data only/);
    await expect(REFUSING_LOADER.http('https://evil.example')).rejects.toThrow(/refused/);
    await expect(REFUSING_LOADER.file('/etc/passwd')).rejects.toThrow(/refused/);
    await expect(REFUSING_LOADER.sanitize('https://evil.example/x.png')).rejects.toThrow(
      /no links or images/,
    );
  });

  it('tooltips are escaped text; an `image` key is a row, not an <img>', () => {
    const html = tooltipHtml({
      title: '<b>t</b>',
      image: 'https://evil.example/x.png',
      gene: '"><img src=x>',
    });
    expect(html).not.toMatch(/<img|<b>/);
    expect(html).toBe(
      '<h2>&lt;b&gt;t&lt;/b&gt;</h2><table><tr><td class="key">image</td><td class="value">https://evil.example/x.png</td></tr>' +
        '<tr><td class="key">gene</td><td class="value">&quot;&gt;&lt;img src=x&gt;</td></tr></table>',
    );
  });
});
