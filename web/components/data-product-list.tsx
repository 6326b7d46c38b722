import type { DataProductsResult } from '@/lib/data-products';
import { ProductCard } from './product-card';

export function DataProductList({ result }: { result: DataProductsResult }) {
  switch (result.status) {
    case 'ok':
      if (result.products.length === 0) {
        return <p className="notice">The gateway serves no data products yet.</p>;
      }
      return (
        <ul className="product-grid" aria-label="Data products">
          {result.products.map((product) => (
            <li key={product.name}>
              <ProductCard product={product} />
            </li>
          ))}
        </ul>
      );
    case 'unreachable':
      return (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">The gateway is not reachable.</p>
          <p>
            Nothing answered at <code>{result.gatewayUrl}</code> ({result.reason}). Start the mesh with{' '}
            <code>npm start</code> in the repository root, or point <code>GATEWAY_URL</code> at a running
            gateway, then reload this page.
          </p>
        </div>
      );
    case 'failed':
      return (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">
            The gateway at <code>{result.gatewayUrl}</code> could not list its data products.
          </p>
          <ul>
            {result.errors.map((error, index) => (
              <li key={index}>
                {error.code ? <code>{error.code}</code> : null} {error.message}
              </li>
            ))}
          </ul>
        </div>
      );
    case 'misconfigured':
      return (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">The web app is misconfigured.</p>
          <p>{result.reason}</p>
        </div>
      );
  }
}
