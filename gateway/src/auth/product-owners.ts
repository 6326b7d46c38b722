import type { Caller } from '@mesh/product-kit';

/**
 * Who owns which product inside the mesh (PRODUCT_OWNERS): the users who decide its access requests and read
 * its data-access audit. Keys are product names or `*` (every product; adds to a product's own entry);
 * entries are `role:<role>`, `subject:<id>`, or a bare subject id. The catalogue's `owner` (team, contact)
 * says who answers for a product to the outside; this says which mesh users act for them.
 */
export type ProductOwners = Readonly<Record<string, readonly string[]>>;

/** Default of `*` (every product): the admin role. A PRODUCT_OWNERS without `*` keeps it; `"*": []` drops it. */
export const DEFAULT_PRODUCT_OWNERS: ProductOwners = { '*': ['role:admin'] };

function matches(caller: Caller, entry: string): boolean {
  if (entry.startsWith('role:')) return caller.roles.includes(entry.slice('role:'.length));
  if (entry.startsWith('subject:')) return entry.slice('subject:'.length) === caller.subject;
  return entry === caller.subject;
}

export function ownsProduct(
  caller: Caller,
  product: string,
  owners: ProductOwners = DEFAULT_PRODUCT_OWNERS,
): boolean {
  if (!caller.subject) return false;
  // Own keys only: a product named after an Object.prototype member (`constructor`, `__proto__`) owns nothing.
  const entriesOf = (key: string) => (Object.hasOwn(owners, key) ? owners[key] : undefined);
  const everyProduct = entriesOf('*') ?? DEFAULT_PRODUCT_OWNERS['*']!;
  return [...(entriesOf(product) ?? []), ...everyProduct].some((entry) => matches(caller, entry));
}

export function ownedProducts(
  caller: Caller,
  products: readonly string[],
  owners: ProductOwners = DEFAULT_PRODUCT_OWNERS,
): string[] {
  return products.filter((product) => ownsProduct(caller, product, owners));
}
