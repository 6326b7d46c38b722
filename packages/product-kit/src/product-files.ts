import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds a product's package root (the folder holding its package.json) from any file inside it, so the
 * same code reads `schema.graphql` and its version from sources and from the compiled `dist/` tree.
 */
export function loadProductFiles(fromDir: string): { root: string; version: string; typeDefs: string } {
  let dir = fromDir;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fromDir}`);
    dir = parent;
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return { root: dir, version: pkg.version, typeDefs: readFileSync(join(dir, 'schema.graphql'), 'utf8') };
}
