import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { AuditChart } from '@/components/audit/audit-chart';
import { auditSearch, readAudit, readsOverTime } from '@/components/audit/audit-client';
import { SignedOutNotice } from '@/components/history/common';
import styles from '@/components/history/workspace.module.css';
import { discoverDataProducts } from '@/lib/data-products';
import { currentUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Data-access audit · FAIR data mesh' };

type Params = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  await connection();
  const params = await searchParams;
  const user = await currentUser();
  const intro = (
    <>
      <h1>Data-access audit</h1>
      <p className="lead">
        Who read your product: each query, export and analysis that touched it, with the fields read, the
        client, and how many rows came back. Only the product&apos;s owners see this.
      </p>
    </>
  );
  if (!user)
    return (
      <>
        {intro}
        <SignedOutNotice what="the audit" next="/audit" />
      </>
    );
  const discovered = await discoverDataProducts();
  const products = discovered.status === 'ok' ? discovered.products.map((product) => product.name) : [];
  const value = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : '');
  const product = value('product') || products[0] || '';
  const search = auditSearch({ ...params, product });
  const audit = product ? await readAudit(search) : null;
  const csvSearch = new URLSearchParams(search);
  csvSearch.delete('cursor');

  return (
    <>
      {intro}
      <form className={`panel ${styles.stack}`} method="get" action="/audit" data-testid="audit-filters">
        <label>
          Product{' '}
          {products.length ? (
            <select name="product" defaultValue={product}>
              {products.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          ) : (
            <input name="product" defaultValue={product} required />
          )}
        </label>
        <label>
          From <input type="date" name="from" defaultValue={value('from')} />
        </label>
        <label>
          To <input type="date" name="to" defaultValue={value('to')} />
        </label>
        <label>
          User <input name="subject" defaultValue={value('subject')} placeholder="e.g. alice" />
        </label>
        <label>
          Client <input name="client" defaultValue={value('client')} />
        </label>
        <label>
          Field <input name="field" defaultValue={value('field')} placeholder="e.g. Patient.age" />
        </label>
        <button type="submit">Show</button>
      </form>
      {audit === null ? null : audit.status !== 'ok' ? (
        <div className="notice notice--error" role="alert" data-testid="audit-error">
          <p className="notice__title">Could not read the audit.</p>
          <p>
            <code className="error-code">{audit.code}</code> {audit.message}
          </p>
        </div>
      ) : (
        <section className={`section ${styles.stack}`} aria-labelledby="audit-heading">
          <h2 id="audit-heading">Reads of {product}</h2>
          <p>
            <a href={`/audit/csv?${csvSearch.toString()}`} download data-testid="audit-csv">
              Download CSV
            </a>
          </p>
          {audit.value.events.length === 0 ? (
            <p className="notice" data-testid="audit-empty">
              No reads match.
            </p>
          ) : (
            <>
              <AuditChart spec={readsOverTime(audit.value.events)} />
              <div className={`table-scroll ${styles.scroll}`}>
                <table className={styles.table} data-testid="audit-table">
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">Client</th>
                      <th scope="col">Operation</th>
                      <th scope="col">Fields</th>
                      <th scope="col">Rows</th>
                      <th scope="col">Outcome</th>
                    </tr>
                  </thead>
                  <tbody>
                    {audit.value.events.map((event) => (
                      <tr key={event.id} data-testid="audit-row">
                        <td>{new Date(event.at).toISOString().replace('T', ' ').slice(0, 19)}</td>
                        <td>
                          {event.callerName ?? event.subject ?? 'anonymous'}
                          {event.authKind === 'token' ? ` (API token ${event.tokenId ?? ''})` : ''}
                        </td>
                        <td>{[event.clientName, event.clientVersion].filter(Boolean).join(' ') || '–'}</td>
                        <td>
                          {event.exportFormat ? `export (${event.exportFormat}) ` : ''}
                          {event.operationName ?? (event.operationHash ?? '').slice(0, 12)}
                        </td>
                        <td>
                          {event.fields.join(', ')}
                          {event.refused.length ? ` — refused: ${event.refused.join(', ')}` : ''}
                        </td>
                        <td>{event.rows ?? '–'}</td>
                        <td>{event.outcome}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {audit.value.next ? (
                <p>
                  <Link
                    href={`/audit?${new URLSearchParams({ ...Object.fromEntries(search), cursor: audit.value.next }).toString()}`}
                  >
                    Older reads
                  </Link>
                </p>
              ) : null}
            </>
          )}
        </section>
      )}
    </>
  );
}
