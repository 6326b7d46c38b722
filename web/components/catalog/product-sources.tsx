import type { CatalogDataSource, CatalogLink } from '@/lib/registry';
import { safeHttpUrl } from './catalog-text';
import styles from './product.module.css';

/** Where the data come from (with versions), and where the product is documented. */
export function ProductSources({
  dataSources,
  documentation,
}: {
  dataSources: CatalogDataSource[];
  documentation: CatalogLink[];
}) {
  return (
    <div className={styles.twoColumns}>
      <div>
        <h3>Data sources</h3>
        {dataSources.length === 0 ? (
          <p className="muted">No data sources declared.</p>
        ) : (
          <ul className={styles.plainList} data-testid="data-sources">
            {dataSources.map((source) => {
              const href = safeHttpUrl(source.url);
              return (
                <li key={`${source.name}@${source.version}`}>
                  {href ? <a href={href}>{source.name}</a> : <strong>{source.name}</strong>}, version{' '}
                  <code>{source.version}</code>
                  {source.description ? <div className="muted">{source.description}</div> : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
      <div>
        <h3>Documentation</h3>
        {documentation.length === 0 ? (
          <p className="muted">No documentation links declared.</p>
        ) : (
          <ul className={styles.plainList}>
            {documentation.map((link) => {
              const href = safeHttpUrl(link.url);
              return (
                <li key={`${link.title}:${link.url}`}>
                  {href ? (
                    <a href={href}>{link.title}</a>
                  ) : (
                    <>
                      {link.title}: <code>{link.url}</code> <span className="muted">(in the repository)</span>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
