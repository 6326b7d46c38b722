import Link from 'next/link';
import type { FacetValue } from './catalog-filters';
import styles from './catalog.module.css';

function FacetGroup({
  id,
  title,
  values,
  noun,
}: {
  id: string;
  title: string;
  values: FacetValue[];
  noun: string;
}) {
  return (
    <div className={styles.facetGroup}>
      <h3 id={id}>{title}</h3>
      {values.length === 0 ? (
        <p className={styles.hint}>None in these results.</p>
      ) : (
        <ul className={styles.facetList} aria-labelledby={id}>
          {values.map((facet) => (
            <li key={facet.value}>
              <Link
                className={styles.facetLink}
                href={facet.href}
                aria-current={facet.active ? 'true' : undefined}
                scroll={false}
              >
                <span>
                  {facet.value}
                  {facet.active ? (
                    <span className="visually-hidden"> (active {noun} filter, select to remove)</span>
                  ) : null}
                </span>
                <span className={styles.count}>
                  {facet.count}
                  <span className="visually-hidden"> {facet.count === 1 ? 'result' : 'results'}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Domain and tag facets: each value a link that switches that filter on or off, with its result count. */
export function FacetNav({ domains, tags }: { domains: FacetValue[]; tags: FacetValue[] }) {
  return (
    <nav aria-labelledby="facets-heading" className={styles.facets}>
      <h2 id="facets-heading">Filter</h2>
      <FacetGroup id="facet-domain" title="Domain" values={domains} noun="domain" />
      <FacetGroup id="facet-tag" title="Tag" values={tags} noun="tag" />
    </nav>
  );
}
