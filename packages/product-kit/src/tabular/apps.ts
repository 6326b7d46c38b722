import { describe as describeValues } from '@mesh/stats';
import { barChart, boxPlot, scatterPlot } from '../analysis/charts';
import {
  checkMethodFits,
  compareCategorical,
  compareNumeric,
  COMPARISON_METHODS,
  type ComparisonMethod,
} from '../analysis/group-comparison';
import { analysisResult, notComputable } from '../analysis/result';
import type { AppDefinition, ResultColumn } from '../analysis/types';
import { badUserInput, InputErrorReason } from '../errors';
import type { ProductIdentity } from '../identity';
import { suggestClosest } from '../suggest';
import { analysableColumns, type TabularColumn, type TabularSpec } from './spec';
import type { TabularRecord } from './table';

export interface Selection {
  id: string;
  name: string;
  definition: unknown;
  records: TabularRecord[];
}

const isNumeric = (c: TabularColumn) => c.type === 'INTEGER' || c.type === 'NUMBER';
const categoriesOf = (c: TabularColumn) => c.categories ?? (c.type === 'BOOLEAN' ? ['true', 'false'] : []);
const choice = (c: TabularColumn) => ({ value: c.field, label: `${c.field}${c.unit ? ` (${c.unit})` : ''}` });

export function tabularApps(spec: TabularSpec): AppDefinition[] {
  const one = {
    input: 'ONE_GROUP' as const,
    entry: `${spec.product}Selection`,
    groupType: `${spec.prefix}Filter`,
    target: `${spec.prefix}Selection`,
  };
  return [
    {
      ...one,
      name: 'filter',
      title: 'Filter records',
      description: 'The records matching a filter, as a sortable table.',
      field: 'rows',
      parameters: [
        {
          name: 'first',
          title: 'Rows',
          help: 'How many records to show (1-1000).',
          type: 'Int',
          kind: 'INTEGER',
          default: 100,
          minimum: 1,
          maximum: 1000,
        },
        {
          name: 'sortBy',
          title: 'Sort by',
          help: 'Column to sort on; the key when empty.',
          type: 'String',
          kind: 'VARIABLE',
          allowedValues: spec.columns.map(choice),
        },
        {
          name: 'descending',
          title: 'Descending',
          help: 'Largest first.',
          type: 'Boolean',
          kind: 'BOOLEAN',
          default: false,
        },
      ],
      output: 'Every column of the selected records; scatter chart of the first two numeric columns.',
      chart: 'scatter',
    },
    {
      ...one,
      name: 'summary',
      title: 'Summary',
      description: 'Distribution of every column over the selected records.',
      field: 'summary',
      parameters: [
        {
          name: 'variables',
          title: 'Columns',
          help: 'Which columns to summarise; all analysable ones when empty.',
          type: '[String!]',
          kind: 'VARIABLE',
          allowedValues: analysableColumns(spec).map(choice),
        },
      ],
      output: 'One row per numeric column (n, mean, sd, median, quartiles) and per category (n, percent).',
      chart: 'bar',
    },
    {
      name: 'compare',
      title: 'Compare two selections',
      description:
        'Compares two selections on one column: Welch t (or Mann-Whitney U) for numbers, chi-square (or Fisher exact) for categories.',
      input: 'TWO_GROUPS',
      entry: `${spec.product}Comparison`,
      groupType: `${spec.prefix}Filter`,
      target: `${spec.prefix}Comparison`,
      field: 'compare',
      parameters: [
        {
          name: 'variable',
          title: 'Column',
          help: 'The column to compare.',
          type: 'String!',
          kind: 'VARIABLE',
          allowedValues: analysableColumns(spec).map(choice),
        },
        {
          name: 'method',
          title: 'Test',
          help: 'AUTO picks by the column type.',
          type: 'ComparisonMethod',
          kind: 'ENUM',
          default: 'AUTO',
          allowedValues: COMPARISON_METHODS.map((value) => ({ value, label: value })),
        },
      ],
      output: 'Per-group descriptive rows, the test statistic, p-value and effect size.',
      chart: 'boxplot',
    },
  ];
}

function findColumn(
  spec: TabularSpec,
  field: string,
  argument: string,
  columns = analysableColumns(spec),
): TabularColumn {
  const column = columns.find((c) => c.field === field);
  if (column) return column;
  const suggestions = suggestClosest(
    columns.map((c) => c.field),
    field,
    3,
  );
  throw badUserInput(
    `Unknown column "${field}" in ${argument}. Columns: ${columns.map((c) => c.field).join(', ')}${suggestions.length ? ` (did you mean ${suggestions.join(', ')}?)` : ''}.`,
    {
      reason: InputErrorReason.UnknownVariable,
      argument,
      suggestions,
    },
  );
}

const numbers = (records: TabularRecord[], c: TabularColumn) =>
  records.map((r) => r[c.field]).filter((v): v is number => typeof v === 'number');
const texts = (records: TabularRecord[], c: TabularColumn) =>
  records
    .map((r) => r[c.field])
    .filter((v) => v !== null)
    .map(String);

export function runFilter(
  spec: TabularSpec,
  identity: ProductIdentity,
  selection: Selection,
  args: { first?: number | null; sortBy?: string | null; descending?: boolean | null },
) {
  const app = tabularApps(spec)[0]!;
  const first = args.first ?? 100;
  if (!Number.isInteger(first) || first < 1 || first > 1000) {
    throw badUserInput(`first must be between 1 and 1000 (got ${first}).`, {
      reason: InputErrorReason.PageSizeOutOfRange,
      argument: 'first',
    });
  }
  const sortBy = args.sortBy ? findColumn(spec, args.sortBy, 'sortBy', spec.columns) : null;
  const direction = args.descending ? -1 : 1;
  const sorted = sortBy
    ? [...selection.records].sort((x, y) => {
        const a = x[sortBy.field] ?? null;
        const b = y[sortBy.field] ?? null;
        if (a === b) return 0;
        if (a === null) return 1;
        if (b === null) return -1;
        return (a < b ? -1 : 1) * direction;
      })
    : selection.records;
  const page = sorted.slice(0, first);
  const parameters = {
    selection: { name: selection.name, definition: selection.definition, size: selection.records.length },
    first,
    sortBy: sortBy?.field ?? null,
    descending: !!args.descending,
  };
  const columns: ResultColumn[] = spec.columns.map((c) => ({
    name: c.field,
    title: c.field,
    type: c.type,
    unit: c.unit ?? null,
  }));
  const numeric = spec.columns.filter(isNumeric);
  const chart =
    numeric.length >= 2
      ? scatterPlot({
          title: `${numeric[0]!.field} vs ${numeric[1]!.field}`,
          xTitle: numeric[0]!.field,
          yTitle: numeric[1]!.field,
          points: page
            .filter((r) => r[numeric[0]!.field] !== null && r[numeric[1]!.field] !== null)
            .map((r) => ({ x: r[numeric[0]!.field] as number, y: r[numeric[1]!.field] as number })),
        })
      : null;
  return analysisResult(identity, app, {
    parameters,
    columns,
    rows: page.map((r) => spec.columns.map((c) => r[c.field] ?? null)),
    statistics: {
      groups: [{ group: selection.name, n: selection.records.length }],
      notes: [`Showing ${page.length} of ${selection.records.length} records.`],
    },
    chart,
  });
}

export function runSummary(
  spec: TabularSpec,
  identity: ProductIdentity,
  selection: Selection,
  args: { variables?: string[] | null },
) {
  const app = tabularApps(spec)[1]!;
  const chosen = args.variables?.length
    ? args.variables.map((v, i) => findColumn(spec, v, `variables[${i}]`))
    : analysableColumns(spec);
  const parameters = {
    selection: { name: selection.name, definition: selection.definition, size: selection.records.length },
    variables: chosen.map((c) => c.field),
  };
  if (selection.records.length === 0)
    return notComputable(identity, app, `Selection "${selection.name}" is empty.`, { parameters });
  const total = selection.records.length;
  const rows: unknown[][] = [];
  for (const c of chosen) {
    if (isNumeric(c)) {
      const values = numbers(selection.records, c);
      const d = describeValues(values);
      rows.push([
        c.field,
        null,
        values.length,
        (100 * values.length) / total,
        d.computable ? d.mean : null,
        d.computable ? d.sd : null,
        d.computable ? d.median : null,
        d.computable ? d.q1 : null,
        d.computable ? d.q3 : null,
        c.unit ?? null,
      ]);
    } else {
      const values = texts(selection.records, c);
      for (const category of categoriesOf(c)) {
        const n = values.filter((v) => v === category).length;
        rows.push([c.field, category, n, (100 * n) / total, null, null, null, null, null, null]);
      }
    }
  }
  const columns: ResultColumn[] = [
    { name: 'variable', title: 'Column', type: 'STRING' },
    { name: 'category', title: 'Category', type: 'STRING' },
    { name: 'n', title: 'n', type: 'INTEGER' },
    { name: 'percent', title: '%', type: 'NUMBER', unit: '%' },
    ...['mean', 'sd', 'median', 'q1', 'q3'].map((name) => ({ name, title: name, type: 'NUMBER' as const })),
    { name: 'unit', title: 'Unit', type: 'STRING' },
  ];
  const categorical = chosen.find((c) => !isNumeric(c));
  const firstNumeric = chosen.find(isNumeric);
  const chart = categorical
    ? barChart({
        title: categorical.field,
        categoryTitle: categorical.field,
        valueTitle: 'Records',
        values: categoriesOf(categorical).map((category) => ({
          category,
          group: selection.name,
          value: texts(selection.records, categorical).filter((v) => v === category).length,
        })),
      })
    : firstNumeric
      ? boxPlot({
          title: firstNumeric.field,
          valueTitle: firstNumeric.field,
          values: numbers(selection.records, firstNumeric).map((value) => ({ group: selection.name, value })),
        })
      : null;
  return analysisResult(identity, app, {
    parameters,
    columns,
    rows,
    statistics: { groups: [{ group: selection.name, n: total }], notes: [] },
    chart,
  });
}

export function runCompare(
  spec: TabularSpec,
  identity: ProductIdentity,
  a: Selection,
  b: Selection,
  args: { variable: string; method?: ComparisonMethod | null },
) {
  const app = tabularApps(spec)[2]!;
  const column = findColumn(spec, args.variable, 'variable');
  const method = args.method ?? 'AUTO';
  checkMethodFits(isNumeric(column) ? 'numeric' : 'categorical', column.field, method);
  const describe = (s: Selection) => ({ name: s.name, definition: s.definition, size: s.records.length });
  const parameters = { a: describe(a), b: describe(b), variable: column.field, method };
  const empty = [a, b].find((s) => s.records.length === 0);
  if (empty) return notComputable(identity, app, `Selection "${empty.name}" is empty.`, { parameters });
  const outcome = isNumeric(column)
    ? compareNumeric(
        column.field,
        column.unit ?? null,
        [a, b].map((s) => ({ name: s.name, values: numbers(s.records, column) })),
        method,
      )
    : compareCategorical(
        column.field,
        categoriesOf(column),
        [a, b].map((s) => ({ name: s.name, values: texts(s.records, column) })),
        method,
      );
  if (outcome.reason)
    return notComputable(identity, app, outcome.reason, {
      parameters,
      columns: outcome.columns,
      rows: outcome.rows,
    });
  return analysisResult(identity, app, {
    parameters,
    columns: outcome.columns,
    rows: outcome.rows,
    statistics: outcome.statistics,
    chart: outcome.chart,
  });
}
