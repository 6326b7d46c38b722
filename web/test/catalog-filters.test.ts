import {
  applyFacets,
  catalogHref,
  readFilters,
  type CatalogFilters,
} from '../components/catalog/catalog-filters';

interface Item {
  name: string;
  domain: string | null;
  tags: string[];
}

const ITEMS: Item[] = [
  { name: 'clinical', domain: 'clinical care', tags: ['clinical', 'patients'] },
  { name: 'trials', domain: 'clinical research', tags: ['trials', 'survival', 'patients'] },
  { name: 'genomics', domain: 'genomics', tags: ['genomics', 'samples'] },
  { name: 'misc', domain: null, tags: [] },
];

const NONE: CatalogFilters = { query: '', domain: null, tag: null };
const names = (items: Item[]) => items.map((item) => item.name);

describe('readFilters', () => {
  it('reads q, domain and tag, trimming and ignoring empty values', () => {
    expect(readFilters({ q: '  survival ', domain: 'genomics', tag: '' })).toEqual({
      query: 'survival',
      domain: 'genomics',
      tag: null,
    });
  });

  it('takes the first of repeated parameters and caps the query length', () => {
    const filters = readFilters({ q: ['a'.repeat(500), 'b'], tag: ['x', 'y'] });
    expect(filters.query).toHaveLength(200);
    expect(filters.tag).toBe('x');
    expect(filters.domain).toBeNull();
  });
});

describe('catalogHref', () => {
  it('is /catalog without filters and encodes values in a stable order', () => {
    expect(catalogHref({})).toBe('/catalog');
    expect(catalogHref({ tag: 'gene expression', query: 'a&b', domain: 'x' })).toBe(
      '/catalog?q=a%26b&domain=x&tag=gene+expression',
    );
  });
});

describe('applyFacets', () => {
  it('without filters keeps everything and counts every value', () => {
    const facets = applyFacets(ITEMS, (item) => item, NONE);
    expect(names(facets.matching)).toEqual(['clinical', 'trials', 'genomics', 'misc']);
    expect(facets.tags.find((tag) => tag.value === 'patients')).toMatchObject({ count: 2, active: false });
    expect(facets.domains.map((domain) => domain.value)).toEqual([
      'clinical care',
      'clinical research',
      'genomics',
    ]);
  });

  it('combines domain and tag filters, and counts what each toggle would show', () => {
    const filters = { ...NONE, query: 'x', tag: 'patients' };
    const facets = applyFacets(ITEMS, (item) => item, filters);
    expect(names(facets.matching)).toEqual(['clinical', 'trials']);
    // Domain counts honour the tag filter.
    expect(facets.domains.map(({ value, count }) => [value, count])).toEqual([
      ['clinical care', 1],
      ['clinical research', 1],
    ]);
    // The active tag links to the catalogue without it; the query is kept.
    const active = facets.tags.find((tag) => tag.active);
    expect(active).toMatchObject({ value: 'patients', count: 2, href: '/catalog?q=x' });
    const domain = facets.domains.find((value) => value.value === 'clinical care');
    expect(domain?.href).toBe('/catalog?q=x&domain=clinical+care&tag=patients');
  });

  it('keeps an active value listed with count 0 so it can be switched off', () => {
    const facets = applyFacets(ITEMS, (item) => item, { ...NONE, domain: 'genomics', tag: 'survival' });
    expect(facets.matching).toEqual([]);
    expect(facets.domains.find((domain) => domain.active)).toMatchObject({ value: 'genomics', count: 0 });
    expect(facets.tags.find((tag) => tag.active)).toMatchObject({ value: 'survival', count: 0 });
  });

  it('treats results without a known source as matching no filter', () => {
    const facets = applyFacets(['unknown'], () => undefined, { ...NONE, tag: 'patients' });
    expect(facets.matching).toEqual([]);
    expect(applyFacets(['unknown'], () => undefined, NONE).matching).toEqual(['unknown']);
  });
});
