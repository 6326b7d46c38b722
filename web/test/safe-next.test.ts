import { safeNextPath } from '../lib/safe-next';

const APP = 'http://localhost:3000';

describe('safeNextPath (after sign-in)', () => {
  it.each([
    ['/history', '/history'],
    ['/udats/udat_1?tab=csv#top', '/udats/udat_1?tab=csv#top'],
    ['/apps/clinical.cohortSummary', '/apps/clinical.cohortSummary'],
    ['history', '/history'],
    ['/a/../b', '/b'],
    [`${APP}/tokens`, '/tokens'],
  ])('keeps a path of this app: %j -> %j', (next, expected) => {
    expect(safeNextPath(next, APP)).toBe(expected);
  });

  it.each([
    '/\\evil.example/',
    '/\t/evil.example/',
    '/\\/evil.example',
    '\\\\evil.example',
    '//evil.example',
    '///evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'http://localhost:3001/',
    'https://localhost:3000/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
  ])('sends %j to another origin: refused, goes to /', (next) => {
    expect(safeNextPath(next, APP)).toBe('/');
  });

  it('refuses encoded forms a browser would decode into another host', () => {
    // Percent-encoded slashes stay in the path: same origin, and the browser does not decode them.
    expect(safeNextPath('/%2F%2Fevil.example', APP)).toBe('/%2F%2Fevil.example');
    expect(safeNextPath('/%5Cevil.example', APP)).toBe('/%5Cevil.example');
    expect(new URL(safeNextPath('/%2F%2Fevil.example', APP), APP).host).toBe('localhost:3000');
  });

  it('never returns a path a browser would read as another host', () => {
    // Each resolves to a path on this origin (`/../\evil.example` is the path `//evil.example`, written `/evil.example`).
    for (const next of [
      '/../\\evil.example',
      '/.//evil.example',
      '/./\\evil.example',
      '/x/..//evil.example',
      '/%09/evil.example',
      '/\tevil.example/',
      'http:evil.example',
    ]) {
      const path = safeNextPath(next, APP);
      expect(path.startsWith('//')).toBe(false);
      expect(new URL(path, APP).origin).toBe(APP);
    }
  });

  it('falls back to / for anything that is not a usable string', () => {
    expect(safeNextPath(null, APP)).toBe('/');
    expect(safeNextPath('', APP)).toBe('/');
    expect(safeNextPath('/x'.repeat(2000), APP)).toBe('/');
    expect(safeNextPath('http://[bad', APP)).toBe('/');
  });
});
