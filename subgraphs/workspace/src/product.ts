import { loadProductFiles } from '@mesh/product-kit';

const files = loadProductFiles(__dirname);

/**
 * What the workspace is, from its package files: name, version, default port and store file name from
 * package.json (`mesh`), visibility from catalog.json, the SDL from schema.graphql.
 */
export const workspaceProduct = {
  name: files.mesh.product,
  title: 'Analysis workspace',
  description:
    "Analysts' reproducible run history and saved artifacts (cohorts, gene sets, variable groups, results), shared privately, with their team or publicly.",
  version: files.version,
  license: 'CC-BY-4.0',
  visibility: files.visibility,
  typeDefs: files.typeDefs,
  /** The package root, where package.json, schema.graphql and catalog.json are. */
  root: files.root,
  defaultPort: files.mesh.port,
  defaultDatabaseFile: `data/${files.mesh.snapshot}`,
} as const;
