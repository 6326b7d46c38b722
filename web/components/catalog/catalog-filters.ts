/**
 * The catalogue's search state lives in the URL (`/catalog?q=…&domain=…&tag=…`), so every view can be
 * linked, bookmarked and reloaded. Pure functions: no I/O, no React.
 */

export interface CatalogFilters {
  /** Free text for the registry's ranked search; empty lists every product. */
  query: string;
  domain: string | null;
  tag: string | null;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const MAX_QUERY_LENGTH = 200;

function firstValue(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  return (raw ?? '').trim();
}

export function readFilters(params: SearchParams): CatalogFilters {
  const domain = firstValue(params.domain);
  const tag = firstValue(params.tag);
  return {
    query: firstValue(params.q).slice(0, MAX_QUERY_LENGTH),
    domain: domain || null,
    tag: tag || null,
  };
}

/** `/catalog` with the given filters, parameters in a stable order; empty ones are left out. */
export function catalogHref(filters: Partial<CatalogFilters>): string {
  const params = new URLSearchParams();
  if (filters.query) params.set('q', filters.query);
  if (filters.domain) params.set('domain', filters.domain);
  if (filters.tag) params.set('tag', filters.tag);
  const search = params.toString();
  return search ? `/catalog?${search}` : '/catalog';
}

/** The facets a product contributes to: its research domain and its tags. */
export interface FacetSource {
  domain: string | null;
  tags: readonly string[];
}

export interface FacetValue {
  value: string;
  /** Results this value would leave, together with the other active filters. */
  count: number;
  active: boolean;
  /** The catalogue with this value switched on (or off, when it is active). */
  href: string;
}

export interface Facets<T> {
  /** Results that pass the domain and tag filters. */
  matching: T[];
  domains: FacetValue[];
  tags: FacetValue[];
}

const matchesDomain = (source: FacetSource | undefined, domain: string | null) =>
  domain === null || source?.domain === domain;
const matchesTag = (source: FacetSource | undefined, tag: string | null) =>
  tag === null || (source?.tags.includes(tag) ?? false);

function countValues<T>(
  results: readonly T[],
  valuesOf: (result: T) => readonly string[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const value of new Set(valuesOf(result))) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

function toFacetValues(
  counts: Map<string, number>,
  active: string | null,
  hrefFor: (value: string | null) => string,
): FacetValue[] {
  // An active value stays listed even when nothing matches it any more, so it can be switched off.
  if (active !== null && !counts.has(active)) counts.set(active, 0);
  return [...counts]
    .map(([value, count]) => ({
      value,
      count,
      active: value === active,
      href: hrefFor(value === active ? null : value),
    }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * Filters results (products, or search hits) by domain and tag, and counts each facet value the way a
 * faceted search does: a domain's count honours the tag filter but not the domain filter (and the reverse),
 * so a count is always the number of results that clicking the value would show.
 */
export function applyFacets<T>(
  results: readonly T[],
  sourceOf: (result: T) => FacetSource | undefined,
  filters: CatalogFilters,
): Facets<T> {
  const byTag = results.filter((result) => matchesTag(sourceOf(result), filters.tag));
  const byDomain = results.filter((result) => matchesDomain(sourceOf(result), filters.domain));
  const domainCounts = countValues(byTag, (result) => {
    const domain = sourceOf(result)?.domain;
    return domain ? [domain] : [];
  });
  const tagCounts = countValues(byDomain, (result) => sourceOf(result)?.tags ?? []);
  return {
    matching: byTag.filter((result) => matchesDomain(sourceOf(result), filters.domain)),
    domains: toFacetValues(domainCounts, filters.domain, (domain) => catalogHref({ ...filters, domain })),
    tags: toFacetValues(tagCounts, filters.tag, (tag) => catalogHref({ ...filters, tag })),
  };
}
