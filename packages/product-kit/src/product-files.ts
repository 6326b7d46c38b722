import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ProductFiles {
  root: string;
  version: string;
  typeDefs: string;
  /** The `mesh` field of package.json: product name, default port, snapshot file name. */
  mesh: { product: string; port: number; snapshot: string };
  /**
   * From catalog.json: `public` data is open to anonymous callers; `private` (the default when unsaid)
   * needs the `<product>:read` scope. Published to the registry with the rest of the catalogue.
   */
  visibility: 'public' | 'private';
  /** From catalog.json `disclosure.minCellSize`: k of disclosure control for aggregate-only callers. */
  minCellSize?: number;
}

/**
 * Finds a product's package root (the folder holding its package.json) from any file inside it, so the
 * same code reads `schema.graphql`, its version and mesh settings from sources and from `dist/`.
 */
export function loadProductFiles(fromDir: string): ProductFiles {
  let dir = fromDir;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fromDir}`);
    dir = parent;
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    mesh?: ProductFiles['mesh'];
  };
  if (!pkg.mesh)
    throw new Error(`${pkg.name} has no "mesh" field (product, port, snapshot) in its package.json`);
  const catalogFile = join(dir, 'catalog.json');
  const catalog = existsSync(catalogFile)
    ? (JSON.parse(readFileSync(catalogFile, 'utf8')) as {
        visibility?: unknown;
        disclosure?: { minCellSize?: unknown };
      })
    : {};
  if (catalog.visibility !== undefined && catalog.visibility !== 'public' && catalog.visibility !== 'private')
    throw new Error(`${catalogFile}: visibility must be "public" or "private"`);
  const minCellSize = catalog.disclosure?.minCellSize;
  if (minCellSize !== undefined && (!Number.isInteger(minCellSize) || (minCellSize as number) < 2))
    throw new Error(`${catalogFile}: disclosure.minCellSize must be an integer of at least 2`);
  return {
    visibility: catalog.visibility ?? 'private',
    ...(minCellSize === undefined ? {} : { minCellSize: minCellSize as number }),
    root: dir,
    version: pkg.version,
    typeDefs: readFileSync(join(dir, 'schema.graphql'), 'utf8'),
    mesh: pkg.mesh,
  };
}
