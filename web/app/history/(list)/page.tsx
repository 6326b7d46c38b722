import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import {
  GatewayProblem,
  ownerName,
  ProductList,
  SignedOutNotice,
  VisibilityBadge,
  When,
} from '@/components/history/common';
import { pageHref, parseHistoryParams, type SearchParams } from '@/components/history/filters';
import { gatewayRequest } from '@/components/history/gateway';
import styles from '@/components/history/workspace.module.css';
import { currentUser } from '@/lib/session';
import { HISTORY_QUERY } from '@/lib/workspace';

export const metadata: Metadata = { title: 'History · FAIR data mesh' };

const PAGE_SIZE = 20;

export default async function HistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  const [params, user] = await Promise.all([searchParams, currentUser()]);
  const { values, filter, after } = parseHistoryParams(params);

  const intro = (
    <>
      <h1>History</h1>
      <p className="lead">
        Every run you make is recorded with its exact operation, variables and the product and data versions
        that answered, so it can be re-run and compared. Runs others shared with you appear here too.
      </p>
    </>
  );
  if (!user) {
    return (
      <>
        {intro}
        <SignedOutNotice what="your run history" next="/history" />
      </>
    );
  }

  const outcome = await gatewayRequest(HISTORY_QUERY, { filter, first: PAGE_SIZE, after });
  const filtered = Object.keys(filter).length > 0;

  return (
    <>
      {intro}
      <form
        method="get"
        action="/history"
        className={`panel ${styles.filters}`}
        role="search"
        aria-label="Filter runs"
      >
        <div className="field">
          <label htmlFor="history-search">Search titles</label>
          <input id="history-search" name="search" type="search" defaultValue={values.search} />
        </div>
        <div className="field">
          <label htmlFor="history-app">App</label>
          <input
            id="history-app"
            name="app"
            defaultValue={values.app}
            placeholder="clinical.cohortSummary"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor="history-product">Product</label>
          <input
            id="history-product"
            name="product"
            defaultValue={values.product}
            placeholder="genomics"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor="history-whose">Whose runs</label>
          <select id="history-whose" name="whose" defaultValue={values.whose}>
            <option value="all">All I can see</option>
            <option value="mine">Mine</option>
            <option value="shared">Shared with me</option>
          </select>
        </div>
        <div className={styles.filterActions}>
          <button type="submit" className="button button--primary">
            Filter
          </button>
          {filtered ? (
            <Link href="/history" className={styles.linkButton}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      {outcome.status !== 'ok' ? (
        <GatewayProblem outcome={outcome} title="Could not load your history." />
      ) : outcome.data.history.nodes.length === 0 ? (
        <div className="notice" data-testid="history-empty">
          {filtered || after ? (
            <p>
              No runs match these filters. <Link href="/history">Show all runs</Link>.
            </p>
          ) : (
            <p>
              No runs yet. Run an analysis app or a query and it appears here, with everything needed to
              repeat it.
            </p>
          )}
        </div>
      ) : (
        <section aria-labelledby="runs-heading">
          <div className={styles.summaryLine}>
            <h2 id="runs-heading" className="visually-hidden">
              Runs
            </h2>
            <span data-testid="history-count">
              {outcome.data.history.totalCount} {outcome.data.history.totalCount === 1 ? 'run' : 'runs'},
              newest first
            </span>
          </div>
          <div className={`table-scroll ${styles.scroll}`}>
            <table className={`${styles.table} ${styles.responsive}`}>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">App</th>
                  <th scope="col">Products</th>
                  <th scope="col">When</th>
                  <th scope="col">Visibility</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {outcome.data.history.nodes.map((entry) => (
                  <tr key={entry.id} data-testid="history-row" data-id={entry.id}>
                    <th scope="row">
                      <Link href={`/history/${encodeURIComponent(entry.id)}`}>{entry.title}</Link>
                      {entry.parentId ? <span className="muted"> · re-run</span> : null}
                    </th>
                    <td data-label="App">
                      {entry.app ? <code>{entry.app}</code> : <span className="muted">query</span>}
                    </td>
                    <td data-label="Products">
                      <ProductList products={entry.products} />
                    </td>
                    <td data-label="When" className={styles.nowrap}>
                      <When iso={entry.createdAt} />
                    </td>
                    <td data-label="Visibility">
                      <VisibilityBadge visibility={entry.visibility} />
                    </td>
                    <td data-label="Owner">
                      {entry.viewerIsOwner ? <span className="muted">you</span> : ownerName(entry.owner)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className={styles.pager} aria-label="Pages">
            {after ? <Link href={pageHref('/history', values, null)}>Newest</Link> : null}
            {outcome.data.history.pageInfo.hasNextPage && outcome.data.history.pageInfo.endCursor ? (
              <Link href={pageHref('/history', values, outcome.data.history.pageInfo.endCursor)} rel="next">
                Older
              </Link>
            ) : null}
          </nav>
        </section>
      )}
    </>
  );
}
