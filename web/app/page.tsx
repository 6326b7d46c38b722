import { connection } from 'next/server';
import { CrossProductPanel } from '@/components/cross-product-panel';
import { DataProductList } from '@/components/data-product-list';
import { discoverDataProducts } from '@/lib/data-products';

export default async function HomePage() {
  // Rendered per request: products and snapshots change at runtime, and no gateway runs during `next build`.
  await connection();
  const products = await discoverDataProducts();

  return (
    <>
      <h1>Data products</h1>
      <p className="lead">
        Each product owns its data and publishes it as a GraphQL subgraph; the gateway composes them into one
        supergraph. Products are discovered from the supergraph, so a new one appears here as soon as the
        gateway serves it.
      </p>

      <section aria-labelledby="products-heading" className="section">
        <h2 id="products-heading">Products in the mesh</h2>
        <DataProductList result={products} />
      </section>

      <section aria-labelledby="cross-product-heading" className="section">
        <h2 id="cross-product-heading">Cross-product query</h2>
        <p>
          Patients come from <code>clinical</code>; their samples and gene expression from{' '}
          <code>genomics</code>. The gateway joins them in one request.
        </p>
        <CrossProductPanel />
      </section>
    </>
  );
}
