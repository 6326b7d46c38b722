import {
  getProductHistory,
  getProductVersionJsonLd,
  type CatalogProduct,
  type ProductHistoryEntry,
} from '@/lib/registry';
import { shortDataVersion } from '@/lib/data-version';
import { formatTimestamp, safeHttpUrl } from './catalog-text';
import { newestVersions, readReleaseFacts, summarizeChanges, type ReleaseFacts } from './history-model';
import { RegistryProblem } from './registry-problem';
import styles from './product.module.css';

const HISTORY_LIMIT = 20;
/** A first publish lists every type and field as added: the summary line says how many. */
const MAX_CHANGES_SHOWN = 15;

function ChangeSummary({ entry, product }: { entry: ProductHistoryEntry; product: string }) {
  const summary = summarizeChanges(entry.changes);
  return (
    <div className={styles.wrap}>
      {entry.changes.length === 0 ? (
        <span className="muted">{summary}</span>
      ) : (
        <details className={styles.changes}>
          <summary>{summary}</summary>
          <ul>
            {entry.changes.slice(0, MAX_CHANGES_SHOWN).map((change, index) => (
              <li key={index}>
                <code>{change.criticality.toLowerCase()}</code> {change.message}
              </li>
            ))}
          </ul>
          {entry.changes.length > MAX_CHANGES_SHOWN ? (
            <p className="muted">
              and {entry.changes.length - MAX_CHANGES_SHOWN} more
              {entry.seq > 1 ? (
                <>
                  :{' '}
                  <code>{`mesh diff --from '#${entry.seq - 1}' --to '#${entry.seq}' --product ${product}`}</code>
                </>
              ) : null}
            </p>
          ) : null}
        </details>
      )}
      {entry.forced ? (
        <div>
          <strong>Forced</strong>
          {entry.reason ? `: ${entry.reason}` : ''}
        </div>
      ) : null}
    </div>
  );
}

/** Supergraph versions this product's changes made, with sequence numbers and change summaries. */
function SchemaHistoryTable({
  product,
  entries,
  hasMore,
}: {
  product: CatalogProduct;
  entries: ProductHistoryEntry[];
  hasMore: boolean;
}) {
  return (
    <>
      <div className="table-scroll" role="region" aria-labelledby="history-caption" tabIndex={0}>
        <table className="data-table" data-testid="version-history">
          <caption id="history-caption">Schema versions made by {product.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Seq
              </th>
              <th scope="col">Version</th>
              <th scope="col">Action</th>
              <th scope="col">Date</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <td className="num">#{entry.seq}</td>
                <th scope="row">
                  {entry.productVersion ?? '—'}
                  {entry.productVersion === product.currentVersion ? (
                    <span className="muted"> (current)</span>
                  ) : null}
                </th>
                <td>{entry.action}</td>
                <td>{formatTimestamp(entry.createdAt)}</td>
                <td>
                  <ChangeSummary entry={entry} product={product.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {hasMore ? (
        <p className={`muted ${styles.tableNote}`}>
          Older versions: <code>mesh history --product {product.name}</code>.
        </p>
      ) : null}
    </>
  );
}

/** Public fallback: each product version's release facts from its persistent JSON-LD document. */
async function ReleaseTable({ product }: { product: CatalogProduct }) {
  const versions = newestVersions(product.versions, HISTORY_LIMIT);
  const documents = await Promise.all(
    versions.map((version) => getProductVersionJsonLd(product.name, version)),
  );
  const releases: ReleaseFacts[] = [];
  for (const [index, result] of documents.entries()) {
    if (result.status !== 'ok') {
      return <RegistryProblem failure={result} title="The version history could not be loaded." />;
    }
    releases.push(readReleaseFacts(versions[index]!, result.data));
  }
  return (
    <>
      <div className="table-scroll" role="region" aria-labelledby="history-caption" tabIndex={0}>
        <table className="data-table" data-testid="version-history">
          <caption id="history-caption">Versions of {product.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Version</th>
              <th scope="col">Last released</th>
              <th scope="col">Data snapshots</th>
              <th scope="col">Git commit</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((release, index) => {
              const href = safeHttpUrl(release.id);
              return (
                <tr key={release.version}>
                  <td className="num">{product.versions.length - index}</td>
                  <th scope="row">
                    {href ? <a href={href}>{release.version}</a> : release.version}
                    {release.version === product.currentVersion ? (
                      <span className="muted"> (current)</span>
                    ) : null}
                  </th>
                  <td>{release.publishedAt ? formatTimestamp(release.publishedAt) : '—'}</td>
                  <td>
                    {release.dataVersions.length === 0
                      ? '—'
                      : release.dataVersions.map((dataVersion, position) => (
                          <span key={dataVersion}>
                            {position > 0 ? ', ' : null}
                            <code title={dataVersion}>{shortDataVersion(dataVersion)}</code>
                          </span>
                        ))}
                  </td>
                  <td>{release.gitCommit ? <code>{release.gitCommit.slice(0, 12)}</code> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className={`muted ${styles.tableNote}`}>
        Sequence numbers and schema change summaries come from the registry’s history, which needs a registry
        read token: give the web server one in <code>REGISTRY_TOKEN</code> to show them here.
      </p>
    </>
  );
}

/**
 * The product's version history from the registry: its schema history when the web server holds a read
 * token, otherwise the public release documents of its versions.
 */
export async function VersionHistory({ product }: { product: CatalogProduct }) {
  const history = await getProductHistory(product.name, HISTORY_LIMIT);
  if (history.status === 'ok') {
    if (history.data.versions.length === 0) {
      return <p className="muted">The registry records no schema versions for {product.name} yet.</p>;
    }
    return (
      <SchemaHistoryTable product={product} entries={history.data.versions} hasMore={history.data.hasMore} />
    );
  }
  const needsToken =
    history.status === 'failed' && (history.code === 'UNAUTHENTICATED' || history.code === 'FORBIDDEN');
  if (!needsToken)
    return <RegistryProblem failure={history} title="The version history could not be loaded." />;
  return <ReleaseTable product={product} />;
}
