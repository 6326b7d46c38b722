import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { GatewayProblem, SignedOutNotice, When } from '@/components/history/common';
import { parseUdatParams, type SearchParams } from '@/components/history/filters';
import { gatewayRequest } from '@/components/history/gateway';
import styles from '@/components/history/workspace.module.css';
import { ListFilters, ListTable, OwnerCells } from '@/components/history/workspace-list';
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
      <ListFilters action="/udats" label="Filter saved artifacts" filtered={filtered}>
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
      </ListFilters>

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
        <ListTable
          id="udats-heading"
          heading="Artifacts"
          count={outcome.data.udats.totalCount}
          noun={['artifact', 'artifacts']}
          countTestId="udats-count"
          columns={['Name', 'Kind', 'Tags', 'Version', 'Updated', 'Visibility', 'Owner']}
          paging={{ path: '/udats', values, after, pageInfo: outcome.data.udats.pageInfo }}
        >
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
              <OwnerCells
                visibility={udat.visibility}
                viewerIsOwner={udat.viewerIsOwner}
                owner={udat.owner}
              />
            </tr>
          ))}
        </ListTable>
      )}
    </>
  );
}
