import type { DataProduct } from '@/lib/data-products';
import { shortDataVersion } from '@/lib/data-version';
import { CopyButton } from './copy-button';

export function ProductCard({ product }: { product: DataProduct }) {
  const headingId = `product-${product.name}`;
  return (
    <article className="card product-card" data-product={product.name} aria-labelledby={headingId}>
      <header className="product-card__header">
        <h3 id={headingId}>{product.title}</h3>
        <code className="badge" data-field="name">
          {product.name}
        </code>
      </header>
      <p className="product-card__description">{product.description}</p>
      <dl className="facts">
        <div>
          <dt>Version</dt>
          <dd data-field="version">{product.version}</dd>
        </div>
        <div>
          <dt>License</dt>
          <dd data-field="license">{product.license}</dd>
        </div>
        <div>
          <dt>Snapshot date</dt>
          <dd data-field="snapshotDate">{product.snapshotDate ?? 'not recorded'}</dd>
        </div>
        <div>
          <dt>Data version</dt>
          <dd className="facts__data-version">
            <code data-field="dataVersion" title={product.dataVersion}>
              {shortDataVersion(product.dataVersion)}
            </code>
            <CopyButton value={product.dataVersion} label={`data version of ${product.name}`} />
          </dd>
        </div>
      </dl>
    </article>
  );
}
