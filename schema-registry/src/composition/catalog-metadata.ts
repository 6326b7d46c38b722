import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });

/**
 * FAIR catalogue metadata of a data product, as a product publishes it (`subgraphs/<name>/catalog.json`).
 * `license` is an SPDX identifier (https://spdx.org/licenses/).
 */
export const catalogMetadata = z.object({
  title: z.string().min(1).max(200),
  description: z.string().max(10_000).default(''),
  /**
   * Access to the product's data: `public` is open to every caller, `private` needs the `<product>:read`
   * scope. The gateway enforces it on the composed schema and the product again on its own endpoint.
   */
  visibility: z.enum(['public', 'private']).default('private'),
  /**
   * Disclosure control for aggregate-only callers (`<product>:aggregate`): counts and statistics from fewer
   * than `minCellSize` individuals are suppressed. The product reads it from its own catalog.json.
   */
  disclosure: z
    .object({ minCellSize: z.number().int().min(2).max(1000).default(5) })
    .default({ minCellSize: 5 }),
  /** Research domain, e.g. "clinical care", "genomics". */
  domain: z.string().max(200).optional(),
  owner: z
    .object({
      team: z.string().min(1).max(200),
      /** An email address or a URL. */
      contact: z.string().min(3).max(320),
    })
    .optional(),
  tags: z.array(z.string().min(1).max(64)).max(64).default([]),
  keywords: z.array(z.string().min(1).max(128)).max(128).default([]),
  license: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.+-]*$/, 'must be an SPDX license identifier such as CC-BY-4.0')
    .default('NOASSERTION'),
  dataSources: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        version: z.string().min(1).max(100),
        url: url.optional(),
        description: z.string().max(2000).optional(),
      }),
    )
    .max(100)
    .default([]),
  /** Analysis apps the product serves (from `<product>Product.apps`), so the catalogue finds them too. */
  apps: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        name: z.string().min(1).max(100),
        title: z.string().min(1).max(200),
        description: z.string().max(2000).default(''),
        input: z.enum(['ONE_GROUP', 'TWO_GROUPS']),
        entry: z.string().min(1).max(100),
        target: z.string().min(1).max(100),
        field: z.string().min(1).max(100),
        parameters: z
          .array(
            z.object({
              name: z.string().min(1).max(100),
              title: z.string().max(200),
              kind: z.string().max(40),
            }),
          )
          .max(50)
          .default([]),
      }),
    )
    .max(100)
    .default([]),
  // Documentation may also be a repository-relative path (README.md of the product) until it is hosted.
  documentation: z
    .array(z.object({ title: z.string().min(1).max(200), url: z.string().min(1).max(2000) }))
    .max(100)
    .default([]),
});
export type CatalogMetadata = z.infer<typeof catalogMetadata>;

export function defaultCatalog(product: string): CatalogMetadata {
  return catalogMetadata.parse({ title: product });
}

export function spdxUrl(license: string): string {
  return `https://spdx.org/licenses/${license}.html`;
}
