import Link from 'next/link';
import type { ReactNode } from 'react';
import type { PageInfo, Visibility, WorkspaceUser } from '@/lib/workspace';
import { ownerName, VisibilityBadge } from './common';
import { pageHref } from './filters';
import styles from './workspace.module.css';

/** The pieces the history and saved-artifact lists share: filters, the table section, owner cells. */

/** A GET search form of list filters (its fields are the children), with Filter and, when filtered, Clear. */
export function ListFilters({
  action,
  label,
  filtered,
  children,
}: {
  action: string;
  label: string;
  filtered: boolean;
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} className={`panel ${styles.filters}`} role="search" aria-label={label}>
      {children}
      <div className={styles.filterActions}>
        <button type="submit" className="button button--primary">
          Filter
        </button>
        {filtered ? (
          <Link href={action} className={styles.linkButton}>
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}

/** One page of a list as a responsive table, with its count and Newest / Older links. */
export function ListTable({
  id,
  heading,
  count,
  noun,
  countTestId,
  columns,
  paging,
  children,
}: {
  id: string;
  heading: string;
  count: number;
  noun: [singular: string, plural: string];
  countTestId: string;
  columns: readonly string[];
  paging: { path: string; values: Record<string, string>; after: string | null; pageInfo: PageInfo };
  children: ReactNode;
}) {
  const { path, values, after, pageInfo } = paging;
  return (
    <section aria-labelledby={id}>
      <div className={styles.summaryLine}>
        <h2 id={id} className="visually-hidden">
          {heading}
        </h2>
        <span data-testid={countTestId}>
          {count} {count === 1 ? noun[0] : noun[1]}, newest first
        </span>
      </div>
      <div className={`table-scroll ${styles.scroll}`}>
        <table className={`${styles.table} ${styles.responsive}`}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      <nav className={styles.pager} aria-label="Pages">
        {after ? <Link href={pageHref(path, values, null)}>Newest</Link> : null}
        {pageInfo.hasNextPage && pageInfo.endCursor ? (
          <Link href={pageHref(path, values, pageInfo.endCursor)} rel="next">
            Older
          </Link>
        ) : null}
      </nav>
    </section>
  );
}

/** The Visibility and Owner cells of a row. */
export function OwnerCells({
  visibility,
  viewerIsOwner,
  owner,
}: {
  visibility: Visibility;
  viewerIsOwner: boolean;
  owner: WorkspaceUser;
}) {
  return (
    <>
      <td data-label="Visibility">
        <VisibilityBadge visibility={visibility} />
      </td>
      <td data-label="Owner">{viewerIsOwner ? <span className="muted">you</span> : ownerName(owner)}</td>
    </>
  );
}
