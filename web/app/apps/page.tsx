import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { discoverApps, type GatewayProblem } from '@/components/app-runner/discover';
import type { AnalysisApp, ProductApps } from '@/lib/apps';
import styles from './apps.module.css';

export const metadata: Metadata = { title: 'Analysis apps · FAIR data mesh' };

const INPUT_LABELS: Record<AnalysisApp['input'], string> = {
  ONE_GROUP: 'One group',
  TWO_GROUPS: 'Two groups',
};

function Problems({ problems }: { problems: GatewayProblem[] }) {
  return (
    <ul>
      {problems.map((problem, index) => (
        <li key={index}>
          {problem.code ? <code className="error-code">{problem.code}</code> : null} {problem.message}
        </li>
      ))}
    </ul>
  );
}

function AppCard({ app, product }: { app: AnalysisApp; product: ProductApps }) {
  const headingId = `app-${app.id.replace('.', '-')}`;
  return (
    <article className={`card ${styles.card}`} aria-labelledby={headingId} data-app={app.id}>
      <h3 id={headingId} className={styles.title}>
        <Link href={`/apps/${app.id}`}>{app.title}</Link>
      </h3>
      <p className={styles.meta}>
        <code className="badge">{product.name}</code>
        <span className={styles.input}>{INPUT_LABELS[app.input]}</span>
      </p>
      <p className={styles.description}>{app.description}</p>
      <p className={styles.runsOn}>
        Runs on <code>{`${app.target}.${app.field}`}</code> through <code>{app.entry}</code>
      </p>
    </article>
  );
}

export default async function AppsPage() {
  // Per request: apps appear as products start serving them, and no gateway runs during `next build`.
  await connection();
  const discovery = await discoverApps();

  return (
    <>
      <h1>Analysis apps</h1>
      <p className="lead">
        Each data product serves analyses as GraphQL fields, described by metadata. Every app here gets its
        form from that metadata, runs through the gateway and names the product versions its result came from.
      </p>
      {discovery.status === 'failed' ? (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">The apps could not be listed: the gateway did not answer.</p>
          <Problems problems={discovery.problems} />
        </div>
      ) : (
        <>
          {discovery.failures.length > 0 ? (
            <div className="notice" role="status">
              <p className="notice__title">Some products did not list their apps:</p>
              <ul>
                {discovery.failures.map((failure) => (
                  <li key={failure.field}>
                    <code>{failure.field}</code>: {failure.problems.map((p) => p.message).join(' ')}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {discovery.products.every((product) => product.apps.length === 0) ? (
            <p className="notice" data-testid="no-apps">
              No product in the mesh serves an analysis app yet.
            </p>
          ) : (
            discovery.products
              .filter((product) => product.apps.length > 0)
              .map((product) => (
                <section key={product.name} className="section" aria-labelledby={`product-${product.name}`}>
                  <h2 id={`product-${product.name}`}>
                    {product.title} <span className={styles.version}>{product.version}</span>
                  </h2>
                  <ul className={styles.grid}>
                    {[...product.apps]
                      .sort((a, b) => a.title.localeCompare(b.title))
                      .map((app) => (
                        <li key={app.id}>
                          <AppCard app={app} product={product} />
                        </li>
                      ))}
                  </ul>
                </section>
              ))
          )}
        </>
      )}
    </>
  );
}
