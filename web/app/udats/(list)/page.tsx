import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import {
  GatewayProblem,
  ownerName,
  SignedOutNotice,
  VisibilityBadge,
  When,
} from '@/components/history/common';
import { pageHref, parseUdatParams, type SearchParams } from '@/components/history/filters';
import { gatewayRequest } from '@/components/history/gateway';
import styles from '@/components/history/workspace.module.css';
import { KIND_LABELS } from '@/components/udats/kinds';
import { currentUser } from '@/lib/session';
import { UDAT_KINDS, UDATS_QUERY } from '@/lib/workspace';

export const metadata: Metadata = { title: 'Saved artifacts · FAIR data mesh' };

const PAGE_SIZE = 20;

export default async function UdatsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  const [params, user] = await Promise.all([searchParams, currentUser()]);
  const { values, filter, after } = parseUdatParams(params);

  const intro = (
    <>
      <h1>Saved artifacts</h1>
      <p className="lead">
        Cohorts, gene sets, variable groups and results you saved (UDATs), and those others shared with you.
        Each keeps its version history number and the run it came from.
      </p>
    </>
  );
  if (!user) {
    return (
      <>
        {intro}
        <SignedOutNotice what="your saved artifacts" next="/udats" />
      </>
    );
  }

  const outcome = await gatewayRequest(UDATS_QUERY, { filter, first: PAGE_SIZE, after });
  const filtered = Object.keys(filter).length > 0;

  return (
    <>
      {intro}
      {params.deleted ? (
        <p className="notice" role="status" data-testid="udat-deleted">
          The artifact was deleted.
        </p>
      ) : null}
      <form
        method="get"
        action="/udats"
        className={`panel ${styles.filters}`}
        role="search"
        aria-label="Filter saved artifacts"
      >
        <div className="field">
          <label htmlFor="udats-search">Search names and descriptions</label>
          <input id="udats-search" name="search" type="search" defaultValue={values.search} />
        </div>
        <div className="field">
          <label htmlFor="udats-kind">Kind</label>
          <select id="udats-kind" name="kind" defaultValue={values.kind}>
            <option value="">Any kind</option>
            {UDAT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="udats-tag">Tag</label>
          <input id="udats-tag" name="tag" defaultValue={values.tag} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="udats-whose">Whose</label>
          <select id="udats-whose" name="whose" defaultValue={values.whose}>
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
            <Link href="/udats" className={styles.linkButton}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      {outcome.status !== 'ok' ? (
        <GatewayProblem outcome={outcome} title="Could not load your saved artifacts." />
      ) : outcome.data.udats.nodes.length === 0 ? (
        <div className="notice" data-testid="udats-empty">
          {filtered || after ? (
            <p>
              Nothing matches these filters. <Link href="/udats">Show everything</Link>.
            </p>
          ) : (
            <p>
              Nothing saved yet. Open a run in your <Link href="/history">history</Link> and save its result
              or cohort.
            </p>
          )}
        </div>
      ) : (
        <section aria-labelledby="udats-heading">
          <div className={styles.summaryLine}>
            <h2 id="udats-heading" className="visually-hidden">
              Artifacts
            </h2>
            <span data-testid="udats-count">
              {outcome.data.udats.totalCount} {outcome.data.udats.totalCount === 1 ? 'artifact' : 'artifacts'}
              , newest first
            </span>
          </div>
          <div className={`table-scroll ${styles.scroll}`}>
            <table className={`${styles.table} ${styles.responsive}`}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Tags</th>
                  <th scope="col">Version</th>
                  <th scope="col">Updated</th>
                  <th scope="col">Visibility</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {outcome.data.udats.nodes.map((udat) => (
                  <tr key={udat.id} data-testid="udat-row" data-id={udat.id}>
                    <th scope="row">
                      <Link href={`/udats/${encodeURIComponent(udat.id)}`}>{udat.name}</Link>
                    </th>
                    <td data-label="Kind">{KIND_LABELS[udat.kind]}</td>
                    <td data-label="Tags">
                      {udat.tags.length > 0 ? udat.tags.join(', ') : <span className="muted">none</span>}
                    </td>
                    <td data-label="Version">{udat.version}</td>
                    <td data-label="Updated" className={styles.nowrap}>
                      <When iso={udat.updatedAt} />
                    </td>
                    <td data-label="Visibility">
                      <VisibilityBadge visibility={udat.visibility} />
                    </td>
                    <td data-label="Owner">
                      {udat.viewerIsOwner ? <span className="muted">you</span> : ownerName(udat.owner)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className={styles.pager} aria-label="Pages">
            {after ? <Link href={pageHref('/udats', values, null)}>Newest</Link> : null}
            {outcome.data.udats.pageInfo.hasNextPage && outcome.data.udats.pageInfo.endCursor ? (
              <Link href={pageHref('/udats', values, outcome.data.udats.pageInfo.endCursor)} rel="next">
                Older
              </Link>
            ) : null}
          </nav>
        </section>
      )}
    </>
  );
}
