import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { GatewayProblem, ProductList, SignedOutNotice, When } from '@/components/history/common';
import { parseHistoryParams, type SearchParams } from '@/components/history/filters';
import { gatewayRequest } from '@/components/history/gateway';
import styles from '@/components/history/workspace.module.css';
import { ListFilters, ListTable, OwnerCells } from '@/components/history/workspace-list';
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
      <ListFilters action="/history" label="Filter runs" filtered={filtered}>
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
      </ListFilters>

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
        <ListTable
          id="runs-heading"
          heading="Runs"
          count={outcome.data.history.totalCount}
          noun={['run', 'runs']}
          countTestId="history-count"
          columns={['Title', 'App', 'Products', 'When', 'Visibility', 'Owner']}
          paging={{ path: '/history', values, after, pageInfo: outcome.data.history.pageInfo }}
        >
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
              <OwnerCells
                visibility={entry.visibility}
                viewerIsOwner={entry.viewerIsOwner}
                owner={entry.owner}
              />
            </tr>
          ))}
        </ListTable>
      )}
    </>
  );
}
