import type { Caller } from '@mesh/product-kit';

/**
 * Who decides access requests, by product (PRODUCT_OWNERS): entries are subjects (`ada`) or roles
 * (`role:admin`); `*` applies to every product and adds to a product's own entry. The catalogue's `owner`
 * (team, contact) says who answers for a product; this says which mesh users act for them.
 */
export type ProductOwners = Readonly<Record<string, readonly string[]>>;

/** Default: the admin role owns every product. */
export const DEFAULT_PRODUCT_OWNERS: ProductOwners = { '*': ['role:admin'] };

export function ownsProduct(caller: Caller, product: string, owners: ProductOwners): boolean {
  if (!caller.subject) return false;
  const entries = [...(owners[product] ?? []), ...(owners['*'] ?? [])];
  return entries.some((entry) =>
    entry.startsWith('role:') ? caller.roles.includes(entry.slice(5)) : entry === caller.subject,
  );
}

export function ownedProducts(caller: Caller, products: readonly string[], owners: ProductOwners): string[] {
  return products.filter((product) => ownsProduct(caller, product, owners));
}
