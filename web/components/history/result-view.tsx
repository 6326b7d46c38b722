import {
  findAnalysisResults,
  formatCell,
  tableOfAnalysis,
  type AnalysisResultLike,
  type AnalysisStatistics,
} from './analysis-result';
import { CodeBlock } from './code-block';
import { VegaChart } from './vega-chart';
import styles from './workspace.module.css';

const PREVIEW_ROWS = 25;
const MAX_ANALYSES = 6;
const MAX_JSON_PREVIEW = 20_000;

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)
    ? value.toExponential(3)
    : value.toFixed(4);
}

function Statistics({ statistics }: { statistics: AnalysisStatistics }) {
  const facts: [string, string][] = [];
  const add = (label: string, value: number | string | null | undefined) => {
    if (value === null || value === undefined) return;
    facts.push([label, typeof value === 'number' ? formatNumber(value) : value]);
  };
  add('Test', statistics.test);
  if (statistics.testStatistic !== null && statistics.testStatistic !== undefined) {
    add(statistics.statisticName ?? 'Statistic', statistics.testStatistic);
  }
  add('Degrees of freedom', statistics.degreesOfFreedom);
  add('p', statistics.pValue);
  add('Adjusted p', statistics.adjustedPValue);
  if (statistics.effectSize !== null && statistics.effectSize !== undefined) {
    add(
      `Effect size${statistics.effectSizeMeasure ? ` (${statistics.effectSizeMeasure})` : ''}`,
      statistics.effectSize,
    );
  }
  if (statistics.confidenceInterval && statistics.confidenceInterval.length === 2) {
    add('95 % CI', statistics.confidenceInterval.map(formatNumber).join(' to '));
  }
  add('Tests performed', statistics.testsPerformed);
  add('Significant', statistics.significant);
  for (const group of statistics.groups ?? []) add(`n (${group.group})`, group.n);
  if (facts.length === 0 && (statistics.notes ?? []).length === 0) return null;
  return (
    <>
      <dl className={styles.stats} data-testid="result-statistics">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {(statistics.notes ?? []).length > 0 ? (
        <ul>
          {statistics.notes!.map((note, index) => (
            <li key={index}>{note}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function AnalysisView({ analysis, index }: { analysis: AnalysisResultLike; index: number }) {
  const table = tableOfAnalysis(analysis);
  const captionId = `result-table-${index}`;
  const title = analysis.title ?? analysis.app ?? 'Analysis result';
  return (
    <article aria-labelledby={`analysis-${index}`} data-testid="analysis-result">
      <h3 id={`analysis-${index}`}>
        {title} {analysis.app ? <code className="muted">{analysis.app}</code> : null}
      </h3>
      {analysis.computable === false ? (
        <p className="notice">Not computable: {analysis.reason ?? 'no reason given'}.</p>
      ) : null}
      {analysis.statistics ? <Statistics statistics={analysis.statistics} /> : null}
      {analysis.chart ? <VegaChart spec={analysis.chart} label={`Chart of ${title}`} /> : null}
      {table && table.columns.length > 0 ? (
        <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className="data-table">
            <caption id={captionId}>
              {title}: {Math.min(PREVIEW_ROWS, table.rows.length)} of {table.rowCount} rows
            </caption>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th
                    key={column.name}
                    scope="col"
                    className={column.type === 'NUMBER' || column.type === 'INTEGER' ? 'num' : undefined}
                  >
                    {column.title ?? column.name}
                    {column.unit ? ` (${column.unit})` : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.slice(0, PREVIEW_ROWS).map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {table.columns.map((column, columnIndex) => {
                    const value = row[columnIndex];
                    return (
                      <td key={column.name} className={typeof value === 'number' ? 'num' : undefined}>
                        {typeof value === 'number' ? formatNumber(value) : formatCell(value)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p className="muted">
        Result hash <code>{analysis.resultHash}</code>
        {analysis.product ? (
          <>
            {' '}
            · {analysis.product} {analysis.version}
          </>
        ) : null}
      </p>
    </article>
  );
}

/** A recorded result: its analyses (statistics, chart, table preview), or the JSON as it was stored. */
export function ResultView({ result }: { result: unknown }) {
  if (result === null || result === undefined) {
    return <p className="muted">No result was recorded for this run. Re-run it to get one.</p>;
  }
  const analyses = findAnalysisResults(result).slice(0, MAX_ANALYSES);
  if (analyses.length > 0) {
    return (
      <>
        {analyses.map((analysis, index) => (
          <AnalysisView key={index} analysis={analysis} index={index} />
        ))}
      </>
    );
  }
  const json = JSON.stringify(result, null, 2);
  const preview =
    json.length > MAX_JSON_PREVIEW
      ? `${json.slice(0, MAX_JSON_PREVIEW)}\n… (${json.length.toLocaleString('en')} characters in all)`
      : json;
  return <CodeBlock id="result-json" title="Result (JSON)" text={preview} />;
}
