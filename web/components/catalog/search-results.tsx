import Link from 'next/link';
import type { CatalogProduct, SearchHit } from '@/lib/registry';
import { hitHref, productHref, snippetAround } from './catalog-text';
import { Highlighted } from './highlighted';
import styles from './catalog.module.css';

const KIND_LABELS: Record<string, string> = {
  PRODUCT: 'Product',
  TYPE: 'Type',
  FIELD: 'Field',
  APP: 'App',
};

/** Where a hit lives, in words: "Field of Patient in Clinical records". */
function HitLocation({ hit, product }: { hit: SearchHit; product: CatalogProduct | undefined }) {
  const productLink = <Link href={productHref(hit.product)}>{product?.catalog.title ?? hit.product}</Link>;
  switch (hit.kind) {
    case 'PRODUCT':
      return <span>Data product{product?.catalog.domain ? ` · ${product.catalog.domain}` : ''}</span>;
    case 'TYPE':
      return <span>Type in {productLink}</span>;
    case 'FIELD':
      return (
        <span>
          Field of <code>{hit.coordinate.split('.')[0]}</code> in {productLink}
        </span>
      );
    case 'APP':
      return <span>Analysis app of {productLink}</span>;
    default:
      return <span>In {productLink}</span>;
  }
}

function HitTitle({ hit, product }: { hit: SearchHit; product: CatalogProduct | undefined }) {
  if (hit.kind === 'PRODUCT') return <>{product?.catalog.title ?? hit.coordinate}</>;
  if (hit.kind === 'APP') {
    const app = product?.catalog.apps.find((candidate) => candidate.id === hit.coordinate);
    if (app) return <>{app.title}</>;
  }
  return <>{hit.coordinate}</>;
}

/** Ranked registry hits: kind, name, where it lives, a snippet with the terms marked, and where they matched. */
export function SearchResults({
  hits,
  productsByName,
  terms,
}: {
  hits: SearchHit[];
  productsByName: ReadonlyMap<string, CatalogProduct>;
  terms: readonly string[];
}) {
  return (
    <ol className={styles.hitList}>
      {hits.map((hit, index) => {
        const product = productsByName.get(hit.product);
        const headingId = `hit-${index}`;
        return (
          <li
            key={`${hit.kind}:${hit.product}:${hit.coordinate}`}
            className={styles.hit}
            data-kind={hit.kind}
          >
            <article aria-labelledby={headingId}>
              <h3 id={headingId}>
                <Link href={hitHref(hit)}>
                  <HitTitle hit={hit} product={product} />
                </Link>
              </h3>
              <p className={styles.hitMeta}>
                <span className={styles.kind} data-kind={hit.kind}>
                  {KIND_LABELS[hit.kind] ?? hit.kind}
                </span>
                {hit.kind === 'PRODUCT' || hit.kind === 'APP' ? <code>{hit.coordinate}</code> : null}
                <HitLocation hit={hit} product={product} />
              </p>
              {hit.description ? (
                <p className={styles.snippet}>
                  <Highlighted text={snippetAround(hit.description, terms)} terms={terms} />
                </p>
              ) : null}
              <p className={styles.matched}>Matched in {hit.matchedIn.join(', ') || 'name'}</p>
            </article>
          </li>
        );
      })}
    </ol>
  );
}
