import Link from 'next/link';
import type { CatalogProduct } from '@/lib/registry';
import { StatusBadge, VisibilityBadge } from './badges';
import { catalogHref } from './catalog-filters';
import { plural, productHref } from './catalog-text';
import styles from './catalog.module.css';

/** A product as the catalogue lists it: what it is, who owns it, under which licence, and who may read it. */
export function CatalogProductCard({ product }: { product: CatalogProduct }) {
  const { catalog } = product;
  const headingId = `catalog-product-${product.name}`;
  return (
    <article className="card product-card" aria-labelledby={headingId} data-product={product.name}>
      <header className="product-card__header">
        <h3 id={headingId} className={styles.cardTitle}>
          <Link href={productHref(product.name)}>{catalog.title}</Link>
        </h3>
        <span className={styles.badges}>
          <StatusBadge status={product.status} />
          <VisibilityBadge visibility={catalog.visibility} />
        </span>
      </header>
      <p className={styles.cardName}>
        <code>{product.name}</code> · version {product.currentVersion}
      </p>
      {/* The wrapper grows to align the cards' facts; the paragraph inside is clamped to four lines. */}
      <div className="product-card__description">
        <p className={styles.clamp}>{catalog.description || 'No description yet.'}</p>
      </div>
      {catalog.tags.length > 0 ? (
        <ul className={styles.tagList} aria-label={`Tags of ${catalog.title}`}>
          {catalog.tags.map((tag) => (
            <li key={tag}>
              <Link className={styles.tag} href={catalogHref({ tag })}>
                {tag}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        <div>
          <dt>Domain</dt>
          <dd>{catalog.domain ?? <span className="muted">not stated</span>}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{catalog.owner?.team ?? <span className="muted">not stated</span>}</dd>
        </div>
        <div>
          <dt>License</dt>
          <dd>{catalog.license}</dd>
        </div>
        <div>
          <dt>Apps</dt>
          <dd>{plural(catalog.apps.length, 'app')}</dd>
        </div>
      </dl>
    </article>
  );
}
