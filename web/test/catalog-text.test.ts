import {
  contactHref,
  formatTimestamp,
  highlightTerms,
  hitHref,
  queryTerms,
  safeHttpUrl,
  snippetAround,
} from '../components/catalog/catalog-text';

describe('queryTerms', () => {
  it('splits on non-letters, lower-cases and removes duplicates', () => {
    expect(queryTerms('Gene-expression  gene, TP53')).toEqual(['gene', 'expression', 'tp53']);
    expect(queryTerms('  ')).toEqual([]);
  });
});

describe('highlightTerms', () => {
  it('marks case-insensitive occurrences, longest terms first', () => {
    expect(highlightTerms('Survival by arm: survivalByArm', ['survival', 'arm'])).toEqual([
      { text: 'Survival', match: true },
      { text: ' by ', match: false },
      { text: 'arm', match: true },
      { text: ': ', match: false },
      { text: 'survival', match: true },
      { text: 'By', match: false },
      { text: 'Arm', match: true },
    ]);
  });

  it('treats terms as text, not patterns', () => {
    expect(highlightTerms('a.b', ['.'])).toEqual([
      { text: 'a', match: false },
      { text: '.', match: true },
      { text: 'b', match: false },
    ]);
    expect(highlightTerms('plain', [])).toEqual([{ text: 'plain', match: false }]);
  });
});

describe('snippetAround', () => {
  const long = `${'lorem ipsum '.repeat(30)}Kaplan-Meier survival curves ${'dolor sit '.repeat(30)}`;

  it('returns short text unchanged', () => {
    expect(snippetAround('  short   text ', ['x'])).toBe('short text');
  });

  it('cuts around the first term with ellipses at word boundaries', () => {
    const snippet = snippetAround(long, ['survival'], 80);
    expect(snippet).toContain('survival');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(82);
    expect(snippet).not.toMatch(/… ?[a-z]{1,2} /); // no half word after the leading ellipsis
  });
});

describe('hitHref', () => {
  it('leads to the product page, its type or field anchor, or the app page', () => {
    expect(hitHref({ kind: 'PRODUCT', product: 'clinical', coordinate: 'clinical' })).toBe(
      '/products/clinical',
    );
    expect(hitHref({ kind: 'TYPE', product: 'clinical', coordinate: 'Patient' })).toBe(
      '/products/clinical#type-Patient',
    );
    expect(hitHref({ kind: 'FIELD', product: 'clinical', coordinate: 'Patient.age' })).toBe(
      '/products/clinical#field-Patient-age',
    );
    expect(hitHref({ kind: 'APP', product: 'trials', coordinate: 'trials.survival' })).toBe(
      '/apps/trials.survival',
    );
    expect(hitHref({ kind: 'NEW_KIND', product: 'a b', coordinate: 'x' })).toBe('/products/a%20b');
  });
});

describe('links from catalogue metadata', () => {
  it('accepts only absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://loinc.org/')).toBe('https://loinc.org/');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('subgraphs/gapminder/README.md')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
  });

  it('turns an email contact into mailto and a URL into itself', () => {
    expect(contactHref('clinical-data@example.org')).toBe('mailto:clinical-data@example.org');
    expect(contactHref('https://example.org/team')).toBe('https://example.org/team');
    expect(contactHref('call us')).toBeNull();
  });
});

describe('formatTimestamp', () => {
  it('formats in UTC and leaves unreadable values as they are', () => {
    expect(formatTimestamp('2026-01-02T03:04:05Z')).toBe('2 Jan 2026, 03:04 UTC');
    expect(formatTimestamp('soon')).toBe('soon');
  });
});
