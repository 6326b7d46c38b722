import { CodeBlock } from '@/components/history/code-block';
import { ResultView } from '@/components/history/result-view';
import styles from '@/components/history/workspace.module.css';
import type { UdatKind } from '@/lib/workspace';
import { keyValueRows } from './csv';

const MAX_LIST = 200;
const MAX_JSON = 20_000;

function stringList(payload: unknown, key: 'genes' | 'variables'): string[] {
  const list = (payload as Record<string, unknown> | null)?.[key];
  return Array.isArray(list) ? list.map(String) : [];
}

/** An artifact's content, by kind, then its JSON as stored. */
export function PayloadView({
  kind,
  payload,
  cohortId,
}: {
  kind: UdatKind;
  payload: unknown;
  cohortId: string | null;
}) {
  const json = JSON.stringify(payload, null, 2);
  const preview =
    json.length > MAX_JSON
      ? `${json.slice(0, MAX_JSON)}\n… (${json.length.toLocaleString('en')} characters in all)`
      : json;
  let view = null;
  if (kind === 'COHORT') {
    const rows = keyValueRows(payload);
    view = (
      <>
        <h3>Criteria</h3>
        {rows.length === 0 ? (
          <p className="muted">No criteria: every patient.</p>
        ) : (
          <dl className={styles.facts} data-testid="cohort-criteria">
            {rows.map(([key, value]) => (
              <div key={String(key)}>
                <dt>{String(key)}</dt>
                <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
              </div>
            ))}
          </dl>
        )}
        <h3>Cohort id</h3>
        {cohortId ? (
          <p>
            <code data-testid="cohort-id">{cohortId}</code>
          </p>
        ) : (
          <p className="muted">None was saved with it.</p>
        )}
      </>
    );
  } else if (kind === 'GENE_SET' || kind === 'VARIABLE_GROUP') {
    const items = stringList(payload, kind === 'GENE_SET' ? 'genes' : 'variables');
    view = (
      <>
        <h3>
          {items.length} {kind === 'GENE_SET' ? 'genes' : 'variables'}
        </h3>
        <p>
          {items.slice(0, MAX_LIST).map((item, index) => (
            <span key={`${item}-${index}`}>
              {index > 0 ? ', ' : ''}
              <code>{item}</code>
            </span>
          ))}
          {items.length > MAX_LIST ? ` … and ${items.length - MAX_LIST} more (see the CSV)` : ''}
        </p>
      </>
    );
  } else {
    view = <ResultView result={payload} />;
  }
  return (
    <>
      {view}
      <details>
        <summary>Payload as stored (JSON)</summary>
        <CodeBlock id="payload-json" title="Payload" text={preview} testId="udat-payload" />
      </details>
    </>
  );
}
