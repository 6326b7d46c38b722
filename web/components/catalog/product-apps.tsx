import Link from 'next/link';
import type { CatalogApp } from '@/lib/registry';
import { appHref } from './catalog-text';
import styles from './product.module.css';

const INPUT_LABELS: Record<string, string> = {
  ONE_GROUP: 'One group (a cohort)',
  TWO_GROUPS: 'Two groups (cohort A vs B)',
};

/** The analysis apps a product serves, each linking to the page that runs it. */
export function ProductApps({ apps, productTitle }: { apps: CatalogApp[]; productTitle: string }) {
  if (apps.length === 0) {
    return <p className="muted">{productTitle} serves no analysis apps.</p>;
  }
  return (
    <ul className={styles.appGrid} aria-label={`Analysis apps of ${productTitle}`}>
      {apps.map((app) => {
        const headingId = `app-${app.id}`;
        return (
          <li key={app.id}>
            <article className={`card ${styles.appCard}`} aria-labelledby={headingId} data-app={app.id}>
              <h3 id={headingId}>
                <Link href={appHref(app.id)}>{app.title}</Link>
              </h3>
              <p className={styles.appId}>
                <code>{app.id}</code>
              </p>
              <p>{app.description || <span className="muted">No description.</span>}</p>
              <dl className={`facts ${styles.facts}`}>
                <div>
                  <dt>Input</dt>
                  <dd>
                    {INPUT_LABELS[app.input] ?? app.input} <code>{app.input}</code>
                  </dd>
                </div>
                <div>
                  <dt>Runs</dt>
                  <dd>
                    <code>
                      {app.target}.{app.field}
                    </code>{' '}
                    from <code>{app.entry}</code>
                  </dd>
                </div>
                <div>
                  <dt>Parameters</dt>
                  <dd>
                    {app.parameters.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      <ul className={styles.parameters}>
                        {app.parameters.map((parameter) => (
                          <li key={parameter.name}>
                            {parameter.title || parameter.name} <code>{parameter.name}</code>{' '}
                            <span className="muted">({parameter.kind.toLowerCase()})</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </dd>
                </div>
              </dl>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
