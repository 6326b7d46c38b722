import { printProductSdl, type Product } from '@mesh/product-kit';

/**
 * Prints a product's full subgraph SDL (schema.graphql + the kit's shared types), as the running product
 * serves it: `npm run -s print-schema -- clinical > clinical.graphql && npx mesh check --schema clinical.graphql …`
 */
const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9]*$/.test(name)) {
  process.stderr.write('Usage: npm run -s print-schema -- <product>   (e.g. clinical)\n');
  process.exit(2);
}
let exports: Record<string, unknown>;
try {
  exports = require(`@mesh/${name}`) as Record<string, unknown>;
} catch (error) {
  process.stderr.write(`No product package @mesh/${name}: ${(error as Error).message.split('\n')[0]}\n`);
  process.exit(2);
}
const product = Object.values(exports).find(
  (value): value is Product<unknown> => typeof value === 'object' && value !== null && 'definition' in value,
);
if (!product) {
  process.stderr.write(`@mesh/${name} exports no product (a defineProduct result).\n`);
  process.exit(2);
}
process.stdout.write(printProductSdl(product.definition));
