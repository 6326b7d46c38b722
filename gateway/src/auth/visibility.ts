import type { Logger } from '@mesh/product-kit';
import type { SubgraphFetch } from '../subgraph-fetch';

export type Visibility = 'public' | 'private';

/**
 * Product-level visibility as the gateway knows it. Unknown products are private (fail closed); an
 * operator override (PRODUCT_VISIBILITY) wins over what products or the registry say.
 */
export class VisibilityMap {
  private known = new Map<string, Visibility>();
  generation = 0;
  constructor(private readonly overrides: Readonly<Record<string, Visibility>> = {}) {}

  of = (product: string): Visibility => this.overrides[product] ?? this.known.get(product) ?? 'private';

  /** Replaces what is known; returns true when anything changed. */
  update(entries: Readonly<Record<string, Visibility>>): boolean {
    const next = new Map(Object.entries(entries));
    const changed =
      next.size !== this.known.size || [...next].some(([name, value]) => this.known.get(name) !== value);
    if (changed) {
      this.known = next;
      this.generation += 1;
    }
    return changed;
  }

  snapshot(): Record<string, Visibility> {
    return Object.fromEntries(this.known);
  }
}

/** Every product's visibility from the registry's public catalogue. */
export async function fetchRegistryVisibility(
  origin: string,
  fetch: SubgraphFetch,
  token?: string,
): Promise<Record<string, Visibility>> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: '{ products { name catalog { visibility } } }' }),
  });
  const body = (await response.json()) as {
    data?: { products: { name: string; catalog: { visibility: Visibility } }[] };
  };
  if (response.status !== 200 || !body.data) throw new Error(`registry answered HTTP ${response.status}`);
  return Object.fromEntries(body.data.products.map((product) => [product.name, product.catalog.visibility]));
}

/** One product's visibility from its own identity field (compose mode, no registry). */
export async function fetchProductVisibility(
  endpoint: { name: string; url: string },
  fetch: SubgraphFetch,
  logger: Logger,
): Promise<Visibility | undefined> {
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ product: ${endpoint.name}Product { visibility } }` }),
    });
    const body = (await response.json()) as { data?: { product?: { visibility?: Visibility } } };
    return body.data?.product?.visibility;
  } catch (error) {
    logger.warn(
      { product: endpoint.name, err: error },
      'could not read product visibility; treating it as private',
    );
    return undefined;
  }
}
