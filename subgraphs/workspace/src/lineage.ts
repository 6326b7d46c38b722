import { createHash } from 'node:crypto';
import { canonicalJson, ErrorCode, readScope } from '@mesh/product-kit';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { ProductVersion } from './storage/rows';

/**
 * Where stored content (a run's result, an artifact's payload) came from, and what reading it takes.
 *
 * `requiredScopes` lists requirements that must all hold; each requirement lists alternatives (any one
 * suffices), each alternative the scopes it needs (all of them) — the shape of `@requiresScopes`. The
 * gateway fills it from the access policy of every field the recorded operation read, so a result is never
 * more open than the products that computed it: reading it is checked against the caller's scopes NOW.
 */
export interface Lineage {
  /** True when a client sent the content: no product vouches for it. */
  userSupplied: boolean;
  /** Products that answered, as the gateway recorded them; empty when user-supplied. */
  products: ProductVersion[];
  supergraphId: string | null;
  requiredScopes: string[][][];
  /** User-supplied: the product versions the client claimed (never taken as verified). */
  claimedProducts: ProductVersion[];
}

const productVersion = z.object({ name: z.string(), version: z.string(), dataVersion: z.string() });

/** The stored form (column `lineage_json`). */
export const lineageSchema = z.object({
  userSupplied: z.boolean(),
  products: z.array(productVersion),
  supergraphId: z.string().nullable(),
  requiredScopes: z.array(z.array(z.array(z.string()))),
  claimedProducts: z.array(productVersion),
});

/** Requirements without repeats (alternatives and scopes sorted), so equal lineages store equally. */
export function normaliseRequirements(
  requirements: readonly (readonly (readonly string[])[])[],
): string[][][] {
  const seen = new Map<string, string[][]>();
  for (const requirement of requirements) {
    const alternatives = requirement.map((scopes) => [...new Set(scopes)].sort());
    const unique = [...new Map(alternatives.map((scopes) => [scopes.join(' '), scopes])).values()].sort(
      (a, b) => a.join(' ').localeCompare(b.join(' ')),
    );
    if (unique.length === 0 || unique.some((scopes) => scopes.length === 0)) continue; // needs nothing
    seen.set(JSON.stringify(unique), unique);
  }
  return [...seen.values()];
}

/** `<product>:read` of each product: what a product's data takes at least (private products). */
export function productReads(products: readonly { name: string }[]): string[][][] {
  return products.map((product) => [[readScope(product.name)]]);
}

/**
 * Content a client sent. It carries no product's authority, yet is never more open than what it claims to
 * come from: the claimed products' read scopes (and anything it inherits) are still required.
 */
export function userSuppliedLineage(options: {
  claimedProducts: ProductVersion[];
  supergraphId?: string | null;
  inherited?: string[][][];
}): Lineage {
  return {
    userSupplied: true,
    products: [],
    supergraphId: options.supergraphId ?? null,
    requiredScopes: normaliseRequirements([
      ...(options.inherited ?? []),
      ...productReads(options.claimedProducts),
    ]),
    claimedProducts: options.claimedProducts,
  };
}

/** The same content edited by a client: user-supplied now, and still needing all it needed before. */
export function editedLineage(lineage: Lineage): Lineage {
  const claimed = [...lineage.products, ...lineage.claimedProducts];
  return {
    userSupplied: true,
    products: [],
    supergraphId: lineage.supergraphId,
    requiredScopes: lineage.requiredScopes,
    claimedProducts: [...new Map(claimed.map((product) => [product.name, product])).values()],
  };
}

export interface ContentAccess {
  readable: boolean;
  /** For each unmet requirement, the scopes its first alternative lacks. */
  missingScopes: string[];
  /** The unmet requirements, as the gateway's FORBIDDEN errors give them. */
  unmet: string[][][];
}

/** Whether scopes satisfy every requirement of a lineage (checked at read time, never stored). */
export function accessOf(lineage: Lineage, scopes: readonly string[]): ContentAccess {
  const granted = new Set(scopes);
  const unmet = lineage.requiredScopes.filter(
    (alternatives) => !alternatives.some((needed) => needed.every((scope) => granted.has(scope))),
  );
  const missing = new Set(unmet.flatMap((alternatives) => alternatives[0]!.filter((s) => !granted.has(s))));
  return { readable: unmet.length === 0, missingScopes: [...missing].sort(), unmet };
}

/** Why content is withheld: which products, which scopes, whom to ask. */
export function lineageMessage(lineage: Lineage, access: ContentAccess): string {
  const products = [
    ...new Set(
      [...lineage.products, ...lineage.claimedProducts]
        .map((product) => product.name)
        .filter((name) => access.missingScopes.some((scope) => scope.startsWith(`${name}:`))),
    ),
  ];
  const from = products.length > 0 ? products.join(', ') : 'data you may not read';
  return `This result was computed from ${from} (needs ${access.missingScopes.join(', ')}): request access from its owners.`;
}

/** The FORBIDDEN error of withheld content (`extensions.reason` LINEAGE_ACCESS). */
export function lineageDenied(lineage: Lineage, access: ContentAccess): GraphQLError {
  return new GraphQLError(lineageMessage(lineage, access), {
    extensions: {
      code: ErrorCode.Forbidden,
      reason: 'LINEAGE_ACCESS',
      requiredScopes: access.missingScopes,
      requirements: access.unmet,
    },
  });
}

/** sha256 of a result's canonical JSON (sorted keys): the hash of a result recorded without its own. */
export function hashResult(result: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(result)).digest('hex')}`;
}

/** Whether two JSON values are the same content (key order aside). */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
