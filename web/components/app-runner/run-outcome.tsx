'use client';

import Link from 'next/link';
import { Fragment, type ReactNode } from 'react';
import { CopyButton } from '@/components/copy-button';
import { GraphQLErrorList } from '@/components/graphql-error-list';
import {
  appHref,
  formatNumber,
  type AnalysisApp,
  type AnalysisResult,
  type AnalysisStatistics,
} from '@/lib/apps';
import { shortDataVersion } from '@/lib/data-version';
import { productsOfAnswer } from '@/lib/workspace';
import styles from './app-runner.module.css';
import { ResultTable } from './result-table';
import type { FinishedRun, RecordState, RunState } from './use-app-run';
import { VegaChart } from './vega-chart';

function statisticItems(statistics: AnalysisStatistics): [string, string][] {
  const items: [string, string][] = [];
  const add = (label: string, value: number | null) => {
    if (value !== null) items.push([label, formatNumber(value)]);
  };
  if (statistics.test) items.push(['Test', statistics.test]);
  add(statistics.statisticName ?? 'Test statistic', statistics.testStatistic);
  add('Degrees of freedom', statistics.degreesOfFreedom);
  add('p-value', statistics.pValue);
  add('Adjusted p-value', statistics.adjustedPValue);
  add(statistics.effectSizeMeasure ?? 'Effect size', statistics.effectSize);
  if (statistics.confidenceInterval?.length === 2) {
    const [low, high] = statistics.confidenceInterval as [number, number];
    items.push(['Confidence interval', `${formatNumber(low)} to ${formatNumber(high)}`]);
  }
  add('Tests performed', statistics.testsPerformed);
  add('Significant', statistics.significant);
  for (const group of statistics.groups) items.push([`n, ${group.group}`, String(group.n)]);
  return items;
}

/** h2 under the page's h1 for a single run; h3 under "First run" / "Second run" when comparing. */
type HeadingLevel = 'h2' | 'h3';

/**
 * `aria-labelledby` of a result section: when comparing (h3, under the run's `${id}-heading`), the name
 * starts with the run's heading ("First run Chart"), so the two runs' regions do not share a name.
 */
const sectionLabel = (id: string, heading: HeadingLevel, own: string) =>
  heading === 'h3' ? `${id}-heading ${own}` : own;

function Statistics({
  id,
  heading: Heading,
  statistics,
}: {
  id: string;
  heading: HeadingLevel;
  statistics: AnalysisStatistics;
}) {
  const items = statisticItems(statistics);
  if (items.length === 0 && statistics.notes.length === 0) return null;
  return (
    <section className={styles.block} aria-labelledby={sectionLabel(id, Heading, `${id}-statistics`)}>
      <Heading id={`${id}-statistics`}>Statistics</Heading>
      <dl className={styles.statistics} data-testid={`${id}-statistics-list`}>
        {items.map(([label, value]) => (
          <div key={label} className={label === 'Test' ? styles.wide : undefined}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {statistics.notes.length > 0 ? (
        <ul className={styles.notes}>
          {statistics.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function explorerHref(run: FinishedRun): string {
  const params = new URLSearchParams({
    query: run.run.operation,
    variables: JSON.stringify(run.run.variables, null, 2),
  });
  return `/explorer?${params}`;
}

/** Which product versions and data snapshots answered (the gateway's `extensions.dataProducts`), and the hash. */
function Versions({
  id,
  heading: Heading,
  app,
  run,
  result,
}: {
  id: string;
  heading: HeadingLevel;
  app: AnalysisApp;
  run: FinishedRun;
  result: AnalysisResult | null;
}) {
  const products = productsOfAnswer(run.extensions);
  return (
    <section className={styles.block} aria-labelledby={sectionLabel(id, Heading, `${id}-versions`)}>
      <Heading id={`${id}-versions`}>Versions it ran on</Heading>
      <dl className={styles.versions} data-testid={`${id}-versions-list`}>
        {products.map((product) => (
          <Fragment key={product.name}>
            <dt>
              <code>{product.name}</code>
            </dt>
            <dd data-product={product.name}>
              {product.version}, data{' '}
              <code title={product.dataVersion}>{shortDataVersion(product.dataVersion)}</code>
              <CopyButton value={product.dataVersion} label={`data version of ${product.name}`} />
            </dd>
          </Fragment>
        ))}
        {result ? (
          <>
            <dt>Result from</dt>
            <dd>
              <code>{result.app}</code> of {result.product} {result.version}, data{' '}
              <code title={result.dataVersion}>{shortDataVersion(result.dataVersion)}</code>
            </dd>
            <dt>Result hash</dt>
            <dd>
              <code data-testid={`${id}-result-hash`} title={result.resultHash}>
                {shortDataVersion(result.resultHash)}
              </code>
              <CopyButton value={result.resultHash} label="result hash" />
            </dd>
          </>
        ) : null}
      </dl>
      <p className={styles.links}>
        <a href={explorerHref(run)}>Open the operation in the explorer</a>
        <a href={appHref(app.id, run.values)}>Link to these inputs</a>
      </p>
    </section>
  );
}

function Recording({ id, record }: { id: string; record: RecordState }) {
  if (record.status === 'skipped') return null;
  if (record.status === 'saving') return <p className={`${styles.saved} muted`}>Saving to history…</p>;
  if (record.status === 'saved') {
    return (
      <p className={styles.saved}>
        <Link href={`/history/${encodeURIComponent(record.id)}`} prefetch={false} data-testid={`${id}-saved`}>
          Saved to history
        </Link>
      </p>
    );
  }
  const signedOut = record.code === 'UNAUTHENTICATED';
  return (
    <div className="notice" data-testid={`${id}-not-saved`}>
      <p className="notice__title">Not saved to history.</p>
      <p>
        {signedOut ? (
          <>
            <Link href="/sign-in">Sign in</Link> to keep a record of your runs.
          </>
        ) : (
          record.message
        )}{' '}
        The result above is unaffected.
      </p>
    </div>
  );
}

function statusText(state: RunState): string {
  if (state.status === 'idle') return '';
  if (state.status === 'running') return `Running ${state.title}…`;
  const seconds = (state.elapsedMs / 1000).toFixed(1);
  if (!state.result) return state.error ? 'The run failed.' : 'The run answered no result.';
  if (!state.result.computable) return `Finished in ${seconds} s: not computable.`;
  const rows = state.result.table.rowCount;
  return `Finished in ${seconds} s: ${rows} ${rows === 1 ? 'row' : 'rows'}.`;
}

function Finished({
  id,
  heading: Heading,
  app,
  run,
}: {
  id: string;
  heading: HeadingLevel;
  app: AnalysisApp;
  run: FinishedRun;
}): ReactNode {
  const { result } = run;
  return (
    <>
      {run.error ? (
        <GraphQLErrorList
          error={run.error}
          title={result ? 'The run answered with errors.' : 'The run failed.'}
        />
      ) : null}
      {result && !result.computable ? (
        <div className="notice" data-testid={`${id}-not-computable`}>
          <p className="notice__title">Not computable</p>
          <p>{result.reason ?? 'The product did not say why.'}</p>
        </div>
      ) : null}
      {result?.statistics ? <Statistics id={id} heading={Heading} statistics={result.statistics} /> : null}
      {result?.chart ? (
        <section className={styles.block} aria-labelledby={sectionLabel(id, Heading, `${id}-chart-heading`)}>
          <Heading id={`${id}-chart-heading`}>Chart</Heading>
          <VegaChart
            spec={result.chart}
            label={`Chart: ${typeof result.chart.title === 'string' ? result.chart.title : app.title}`}
            testId={`${id}-chart`}
          />
        </section>
      ) : null}
      {result && result.table.columns.length > 0 ? (
        <section className={styles.block} aria-labelledby={sectionLabel(id, Heading, `${id}-table-heading`)}>
          <Heading id={`${id}-table-heading`}>Result table</Heading>
          <ResultTable
            id={`${id}-table`}
            columns={result.table.columns}
            rows={result.table.rows}
            caption={`${run.title}: ${result.table.rowCount} ${result.table.rowCount === 1 ? 'row' : 'rows'}`}
          />
        </section>
      ) : null}
      {result || run.extensions ? (
        <Versions id={id} heading={Heading} app={app} run={run} result={result} />
      ) : null}
      <Recording id={id} record={run.record} />
    </>
  );
}

/**
 * Progress, then everything a run answered: statistics, chart, table, versions, and its history entry.
 * `heading` is the level of the result's section headings, one below the heading the runner sits under.
 */
export function RunOutcome({
  id,
  heading,
  app,
  state,
}: {
  id: string;
  heading: HeadingLevel;
  app: AnalysisApp;
  state: RunState;
}) {
  const shown = state.status === 'done' ? state : state.status === 'running' ? state.previous : null;
  return (
    <div className={styles.outcome}>
      {/* Outside the busy region below: assistive technology may hold back a busy region's changes. */}
      <p
        role="status"
        className={styles.status}
        data-testid={`${id}-status`}
        data-state={state.status === 'done' && !state.result ? 'failed' : state.status}
      >
        {statusText(state)}
      </p>
      {state.status === 'idle' ? (
        <p className="muted">Fill in the form and run the analysis; its results appear here.</p>
      ) : null}
      {shown ? (
        // The previous result stays on screen while a newer run is on its way, marked busy (stale).
        <div className={styles.outcome} aria-busy={state.status === 'running'}>
          <Finished key={shown.sequence} id={id} heading={heading} app={app} run={shown} />
        </div>
      ) : null}
    </div>
  );
}
