'use client';

import { useMemo, useState } from 'react';
import { formatCell, sortRows, type ResultColumn, type SortDirection } from '@/lib/apps';
import styles from './app-runner.module.css';

export const PAGE_SIZE = 25;

const numeric = (column: ResultColumn) => column.type === 'NUMBER' || column.type === 'INTEGER';

/**
 * A result table: click a column header to sort by it (again to reverse), 25 rows a page. Sorting happens
 * here, on the whole table the product answered, so the order never depends on the page shown.
 */
export function ResultTable({
  id,
  columns,
  rows,
  caption,
}: {
  id: string;
  columns: ResultColumn[];
  rows: unknown[][];
  caption: string;
}) {
  const [sort, setSort] = useState<{ column: number; direction: SortDirection } | null>(null);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => (sort ? sortRows(rows, sort.column, sort.direction) : rows), [rows, sort]);
  const pageCount = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const first = page * PAGE_SIZE;
  const visible = sorted.slice(first, first + PAGE_SIZE);

  function sortBy(column: number) {
    setSort((current) =>
      current?.column === column
        ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: 'ascending' },
    );
    setPage(0);
  }

  const sortedColumn = sort ? columns[sort.column] : undefined;
  const captionId = `${id}-caption`;
  return (
    <div>
      <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="data-table" data-testid={id}>
          <caption id={captionId}>
            {caption}
            {sort && sortedColumn ? `, sorted by ${sortedColumn.title} (${sort.direction})` : ''}
          </caption>
          <thead>
            <tr>
              {columns.map((column, index) => (
                <th
                  key={column.name}
                  scope="col"
                  className={numeric(column) ? 'num' : undefined}
                  aria-sort={sort?.column === index ? sort.direction : undefined}
                >
                  <button type="button" className={styles.sortButton} onClick={() => sortBy(index)}>
                    {column.title}
                    {column.unit ? ` (${column.unit})` : ''}
                    <span className={styles.sortIndicator} aria-hidden="true">
                      {sort?.column === index ? (sort.direction === 'ascending' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map((row, rowIndex) => (
              <tr key={first + rowIndex}>
                {columns.map((column, index) => {
                  const text = formatCell(row[index], column.type);
                  return (
                    <td key={column.name} className={numeric(column) ? 'num' : undefined}>
                      {text === '' ? <span className="muted">–</span> : text}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sorted.length > PAGE_SIZE ? (
        <nav className={styles.pager} aria-label={`Pages of ${caption}`}>
          <span data-testid={`${id}-range`} aria-live="polite">
            Rows {first + 1}–{first + visible.length} of {sorted.length} (page {page + 1} of {pageCount})
          </span>
          <span className={styles.pagerButtons}>
            <button
              type="button"
              className="button button--small"
              disabled={page === 0}
              onClick={() => setPage(page - 1)}
            >
              Previous page
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={page >= pageCount - 1}
              onClick={() => setPage(page + 1)}
            >
              Next page
            </button>
          </span>
        </nav>
      ) : null}
    </div>
  );
}
