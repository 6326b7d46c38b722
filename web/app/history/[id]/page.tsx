import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { CopyButton } from '@/components/copy-button';
import { singleAnalysisResult } from '@/components/history/analysis-result';
import { CodeBlock } from '@/components/history/code-block';
import {
  GatewayProblem,
  ownerName,
  SignedOutNotice,
  VisibilityBadge,
  When,
} from '@/components/history/common';
import { loadHistoryEntry } from '@/components/history/loaders';
import { NotebookSnippets } from '@/components/history/notebook-snippets';
import { RerunPanel } from '@/components/history/rerun-panel';
import { ResultView } from '@/components/history/result-view';
import { cohortOfRun } from '@/components/history/run-input';
import { SaveUdatForm } from '@/components/history/save-udat-form';
import { VisibilityForm } from '@/components/history/visibility-form';
import { WithheldNotice } from '@/components/history/withheld-notice';
import styles from '@/components/history/workspace.module.css';
import { shortDataVersion } from '@/lib/data-version';
import { currentUser } from '@/lib/session';
import { gatewayEndpoints, notebookSnippets, resultShapeOf } from '@/lib/snippets';
import { changeVisibility, rerun, saveAsUdat } from './actions';

export const metadata: Metadata = { title: 'Run · History · FAIR data mesh' };

export default async function HistoryEntryPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const [{ id }, user] = await Promise.all([params, currentUser()]);
  const path = `/history/${encodeURIComponent(id)}`;
  if (!user) {
    return (
      <>
        <h1>Run</h1>
        <SignedOutNotice what="this run" next={path} />
      </>
    );
  }

  const outcome = await loadHistoryEntry(id);
  if (outcome.status !== 'ok') {
    return (
      <>
        <h1>Run</h1>
        <GatewayProblem outcome={outcome} title="Could not load this run." />
      </>
    );
  }
  const entry = outcome.data.historyEntry;
  if (!entry) notFound();

  const snippets = notebookSnippets({
    endpoints: gatewayEndpoints(process.env),
    operation: entry.operation,
    operationName: entry.operationName,
    variables: entry.variables,
    shape: resultShapeOf(entry.operation, entry.operationName, entry.result),
  });
  const hasResult = entry.access.readable && entry.result !== null && entry.result !== undefined;
  const analysis = singleAnalysisResult(entry.result);

  return (
    <>
      <p>
        <Link href="/history">← History</Link>
      </p>
      <header className={styles.header}>
        <h1 data-testid="run-title">{entry.title}</h1>
        <VisibilityBadge visibility={entry.visibility} />
      </header>

      <dl className={styles.facts} aria-label="About this run">
        <div>
          <dt>{entry.kind === 'APP_RUN' ? 'App' : 'Kind'}</dt>
          <dd>{entry.app ? <code>{entry.app}</code> : 'GraphQL query'}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{entry.viewerIsOwner ? `${ownerName(entry.owner)} (you)` : ownerName(entry.owner)}</dd>
        </div>
        <div>
          <dt>Recorded</dt>
          <dd>
            <When iso={entry.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Result hash</dt>
          <dd>
            {entry.resultHash ? (
              <>
                <code data-testid="result-hash">{entry.resultHash}</code>{' '}
                <CopyButton value={entry.resultHash} label="result hash" />
              </>
            ) : (
              <span className="muted">none recorded</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Supergraph</dt>
          <dd>
            {entry.supergraphId ? (
              <code>{entry.supergraphId}</code>
            ) : (
              <span className="muted">not recorded</span>
            )}
          </dd>
        </div>
        {entry.parentId ? (
          <div>
            <dt>Re-run of</dt>
            <dd>
              <Link href={`/history/${encodeURIComponent(entry.parentId)}`}>the original run</Link>
            </dd>
          </div>
        ) : null}
        {entry.tags.length > 0 ? (
          <div>
            <dt>Tags</dt>
            <dd>{entry.tags.join(', ')}</dd>
          </div>
        ) : null}
        <div>
          <dt>Id</dt>
          <dd>
            <code>{entry.id}</code>
          </dd>
        </div>
      </dl>

      <div className={`section ${styles.layout}`}>
        <div className={styles.stack}>
          <section className="panel" aria-labelledby="products-heading">
            <h2 id="products-heading" className={styles.panelTitle}>
              Products and data versions
            </h2>
            {entry.products.length === 0 ? (
              <p className="muted">No product versions were recorded.</p>
            ) : (
              <div className={`table-scroll ${styles.scroll}`}>
                <table className={styles.table} data-testid="run-products">
                  <thead>
                    <tr>
                      <th scope="col">Product</th>
                      <th scope="col">Version</th>
                      <th scope="col">Data version</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entry.products.map((product) => (
                      <tr key={product.name}>
                        <th scope="row">
                          <code>{product.name}</code>
                        </th>
                        <td>{product.version}</td>
                        <td>
                          <code title={product.dataVersion}>{shortDataVersion(product.dataVersion)}</code>{' '}
                          <CopyButton value={product.dataVersion} label={`data version of ${product.name}`} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="panel" aria-labelledby="request-heading">
            <h2 id="request-heading" className={styles.panelTitle}>
              Request
            </h2>
            <CodeBlock
              id="operation"
              title={entry.operationName ? `Operation ${entry.operationName}` : 'Operation'}
              text={entry.operation}
              testId="run-operation"
            />
            <CodeBlock
              id="variables"
              title="Variables"
              text={JSON.stringify(entry.variables, null, 2)}
              testId="run-variables"
            />
          </section>

          <section className="panel" aria-labelledby="result-heading">
            <h2 id="result-heading" className={styles.panelTitle}>
              Result
            </h2>
            {entry.access.readable ? (
              <ResultView result={entry.result} />
            ) : (
              <WithheldNotice access={entry.access} lineage={entry.lineage} />
            )}
          </section>
        </div>

        <div className={styles.stack}>
          <section className="panel" aria-labelledby="rerun-heading">
            <h2 id="rerun-heading" className={styles.panelTitle}>
              Re-run and compare
            </h2>
            <RerunPanel action={rerun.bind(null, entry.id)} />
          </section>

          <section className="panel" aria-labelledby="save-heading">
            <h2 id="save-heading" className={styles.panelTitle}>
              Save as UDAT
            </h2>
            <SaveUdatForm
              action={saveAsUdat.bind(null, entry.id)}
              defaultName={entry.title}
              hasResult={hasResult}
              canSaveCohort={cohortOfRun(entry) !== null}
            />
          </section>

          {entry.viewerIsOwner ? (
            <section className="panel" aria-labelledby="sharing-heading">
              <h2 id="sharing-heading" className={styles.panelTitle}>
                Sharing
              </h2>
              <VisibilityForm action={changeVisibility.bind(null, entry.id)} current={entry.visibility} />
            </section>
          ) : null}

          <section className="panel" aria-labelledby="export-heading">
            <h2 id="export-heading" className={styles.panelTitle}>
              Export
            </h2>
            <ul className={styles.exportLinks}>
              <li>
                <a
                  className={styles.linkButton}
                  href={`${path}/ro-crate`}
                  download
                  data-testid="ro-crate-link"
                >
                  RO-Crate metadata
                </a>
              </li>
              {hasResult ? (
                <li>
                  <a className={styles.linkButton} href={`${path}/result`} download>
                    Result (JSON)
                  </a>
                </li>
              ) : null}
              {hasResult ? (
                <li>
                  <a className={styles.linkButton} href={`${path}/csv`} download>
                    {analysis ? 'Result table (CSV)' : 'Result (CSV)'}
                  </a>
                </li>
              ) : null}
            </ul>
            <p className="muted">
              The RO-Crate (1.2, JSON-LD) records who ran what, with which product and data versions, and the
              result&apos;s hash.
            </p>
          </section>
        </div>
      </div>

      <section className="panel section" aria-labelledby="notebook-heading">
        <h2 id="notebook-heading" className={styles.panelTitle}>
          Open in a notebook
        </h2>
        <NotebookSnippets snippets={snippets} idPrefix="run" />
      </section>
    </>
  );
}
