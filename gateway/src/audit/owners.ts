import type { Caller } from '@mesh/product-kit';

/**
 * Who owns which product: `PRODUCT_OWNERS`, e.g. `{"clinical": ["subject:ada", "role:steward"]}`. Role
 * `admin` owns every product whatever the setting says. Kept in this one function so access requests (which
 * need the same notion) can share it.
 */
export type ProductOwners = Readonly<Record<string, readonly string[]>>;

export const DEFAULT_OWNER_ROLE = 'admin';

export function isProductOwner(caller: Caller, product: string, owners: ProductOwners = {}): boolean {
  if (!caller.subject) return false;
  if (caller.roles.includes(DEFAULT_OWNER_ROLE)) return true;
  return (owners[product] ?? []).some((entry) => {
    const [kind, value] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)];
    if (kind === 'subject') return value === caller.subject;
    if (kind === 'role') return caller.roles.includes(value);
    return false;
  });
}
