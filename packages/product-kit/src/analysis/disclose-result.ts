import { aggregateBoxPlot, survivalPlot } from './charts';
import { isSmallCount, suppressSet, type Disclosure } from './disclosure';
import { hashResult } from './result';
import type { AnalysisResult, AppDefinition, ResultColumn } from './types';

type Row = unknown[];
type Mark = Record<string, unknown>;
const SURVIVAL_COLUMNS = ['group', 'time', 'atRisk', 'events', 'censored', 'survival', 'lower', 'upper'];
const TEST_FIELDS = [
  'testStatistic',
  'degreesOfFreedom',
  'pValue',
  'adjustedPValue',
  'effectSize',
  'confidenceInterval',
] as const;

class Cells {
  count = 0;
  constructor(readonly k: number) {}
}

function column(columns: readonly ResultColumn[], name: string): number {
  return columns.findIndex((c) => c.name === name);
}

/** Null every number of a row (its count and the statistics computed from it); the labels stay. */
function hideRow(row: Row, columns: readonly ResultColumn[], cells: Cells): Row {
  return row.map((value, i) => {
    const type = columns[i]?.type;
    if ((type === 'INTEGER' || type === 'NUMBER') && value !== null) {
      cells.count += 1;
      return null;
    }
    return value;
  });
}

/** Group sizes and cohort sizes in the parameters: a size below k is itself a small count. */
function hideSmallSizes(value: unknown, cells: Cells): unknown {
  if (Array.isArray(value)) return value.map((item) => hideSmallSizes(item, cells));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === 'size' && isSmallCount(item, cells.k)) {
        cells.count += 1;
        return [key, null];
      }
      return [key, hideSmallSizes(item, cells)];
    }),
  );
}

/** Rows of counts (n) with statistics: small rows hidden, category sets complemented against their total. */
function countRows(result: AnalysisResult, cells: Cells): { rows: Row[]; hidden: Set<number> } {
  const { columns, rows } = result.table;
  const n = column(columns, 'n');
  const category = column(columns, 'category');
  const hidden = new Set<number>();
  rows.forEach((row, i) => {
    if (isSmallCount(row[n], cells.k)) hidden.add(i);
  });
  if (category >= 0) {
    // The categories of one variable in one group add up to a published total (group size): one set.
    const keyColumns = columns
      .map((c, i) => ({ c, i }))
      .filter(({ c, i }) => c.type === 'STRING' && i !== category);
    const sets = new Map<string, number[]>();
    rows.forEach((row, i) => {
      if (row[category] === null || row[category] === undefined) return;
      const key = JSON.stringify(keyColumns.map(({ i: j }) => row[j]));
      sets.set(key, [...(sets.get(key) ?? []), i]);
    });
    for (const members of sets.values()) {
      const { hidden: inSet } = suppressSet(
        members.map((i) => Number(rows[i]![n] ?? 0)),
        cells.k,
      );
      for (const position of inSet) hidden.add(members[position]!);
    }
  }
  return { rows: rows.map((row, i) => (hidden.has(i) ? hideRow(row, columns, cells) : row)), hidden };
}

/**
 * Survival steps merged into intervals that each hold at least k events and either no censoring or at
 * least k censored; at-risk numbers below k end the table. Every published number then counts k or more
 * individuals, and consecutive rows differ by published numbers only.
 */
function survivalIntervals(rows: readonly Row[], k: number): Row[] {
  const out: Row[] = [];
  const byGroup = new Map<unknown, Row[]>();
  for (const row of rows) byGroup.set(row[0], [...(byGroup.get(row[0]) ?? []), row]);
  for (const [group, steps] of byGroup) {
    let start: Row | null = null;
    let events = 0;
    let censored = 0;
    for (const step of steps) {
      start ??= step;
      if (Number(start[2]) < k) break;
      events += Number(step[3]);
      censored += Number(step[4]);
      if (events >= k && (censored === 0 || censored >= k)) {
        out.push([group, step[1], start[2], events, censored, step[5], step[6], step[7]]);
        start = null;
        events = 0;
        censored = 0;
      }
    }
  }
  return out;
}

function hideTests(result: AnalysisResult, cells: Cells, why: string): void {
  const statistics = result.statistics;
  if (!statistics) return;
  for (const field of TEST_FIELDS) {
    if (statistics[field] !== null && statistics[field] !== undefined) {
      cells.count += 1;
      statistics[field] = null;
    }
  }
  statistics.notes = [why];
}

function barFromTable(result: AnalysisResult, rows: readonly Row[], hidden: Set<number>): Mark[] {
  const { columns } = result.table;
  const [group, category, percent] = ['group', 'category', 'percent'].map((name) => column(columns, name));
  return rows.map((row, i) => ({
    category: String(row[category!]),
    group: String(row[group!]),
    value: hidden.has(i) ? null : Number(row[percent!]),
    ...(hidden.has(i) ? { suppressed: true } : {}),
  }));
}

/** Chart marks that are counts of individuals (a histogram): small ones hidden, complemented as one set. */
function countMarks(values: readonly Mark[], cells: Cells): Mark[] {
  const { hidden } = suppressSet(
    values.map((mark) => Number(mark.value ?? 0)),
    cells.k,
  );
  cells.count += hidden.size;
  return values.map((mark, i) => (hidden.has(i) ? { ...mark, value: null, suppressed: true } : mark));
}

/** What an aggregate-only caller receives instead of a result computed from fewer than k individuals. */
function withheld(result: AnalysisResult, cells: Cells): AnalysisResult {
  cells.count += result.table.rows.length + (result.statistics?.groups.length ?? 0);
  return {
    ...result,
    computable: false,
    reason: `Suppressed: a group has fewer than ${cells.k} individuals (disclosure control).`,
    table: { ...result.table, rows: [], rowCount: 0 },
    statistics: null,
    chart: null,
  };
}

/**
 * The AGGREGATE form of a result, for callers without row-level access: no count, statistic or chart mark
 * from fewer than k individuals, no individual values (scatter points, box plot outliers and whiskers).
 * Driven by the app's metadata (its chart kind) and the result's column names, so every app is covered.
 */
export function discloseAggregate(
  result: AnalysisResult,
  app: AppDefinition,
  minCellSize: number,
): AnalysisResult & { disclosure: Disclosure } {
  const cells = new Cells(minCellSize);
  let out: AnalysisResult = {
    ...result,
    parameters: hideSmallSizes(result.parameters, cells) as Record<string, unknown>,
    statistics: result.statistics
      ? { ...result.statistics, groups: [...result.statistics.groups], notes: [...result.statistics.notes] }
      : null,
  };
  const columns = out.table.columns;
  const names = columns.map((c) => c.name);
  if (out.statistics?.groups.some((group) => group.n < minCellSize)) out = withheld(out, cells);
  else if (SURVIVAL_COLUMNS.every((name) => names.includes(name))) {
    const rows = survivalIntervals(out.table.rows, minCellSize);
    cells.count += out.table.rows.length - rows.length;
    const groups = [...new Set(rows.map((row) => String(row[0])))];
    out.table = { ...out.table, rows, rowCount: rows.length };
    out.chart = survivalPlot({
      title: String((result.chart as { title?: unknown } | null)?.title ?? result.title),
      timeTitle: 'Months since enrolment',
      steps: [
        ...groups.map((group) => ({ group, time: 0, survival: 1, lower: 1, upper: 1 })),
        ...rows.map((row) => ({
          group: String(row[0]),
          time: Number(row[1]),
          survival: Number(row[5]),
          lower: row[6] === null ? null : Number(row[6]),
          upper: row[7] === null ? null : Number(row[7]),
        })),
      ],
    });
  } else if (names.includes('n')) {
    const { rows, hidden } = countRows(out, cells);
    out.table = { ...out.table, rows };
    // A test on a table with hidden cells, with its margins published, could give the cells back.
    if (hidden.size > 0 && app.input === 'TWO_GROUPS')
      hideTests(out, cells, `Test withheld: a cell has fewer than ${minCellSize} individuals.`);
    if (app.chart === 'scatter') out.chart = null;
    else if (app.chart === 'boxplot') out.chart = aggregateBoxPlot(out, rows);
    else if (app.chart === 'bar' && names.includes('group') && names.includes('percent'))
      out.chart = replaceValues(out.chart, barFromTable(out, rows, hidden));
    else if (app.chart === 'bar')
      out.chart = replaceValues(out.chart, countMarks(chartValues(out.chart), cells));
  }
  // Notes quoting a small count of patients (e.g. the overlap of two cohorts).
  if (out.statistics)
    out.statistics.notes = out.statistics.notes.filter((note) => {
      const match = /^(\d+) patients/.exec(note);
      return !(match && isSmallCount(Number(match[1]), minCellSize));
    });
  const disclosure: Disclosure = { mode: 'AGGREGATE', minCellSize, suppressedCells: cells.count };
  const { resultHash: _, ...body } = out;
  return { ...hashResult({ ...body, disclosure }), disclosure };
}

function chartValues(chart: Record<string, unknown> | null): Mark[] {
  return ((chart?.data as { values?: Mark[] } | undefined)?.values ?? []).map((mark) => ({ ...mark }));
}

function replaceValues(
  chart: Record<string, unknown> | null,
  values: Mark[],
): Record<string, unknown> | null {
  return chart ? { ...chart, data: { values } } : null;
}
