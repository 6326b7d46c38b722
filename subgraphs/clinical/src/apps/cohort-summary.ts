import {
  analysisResult,
  barChart,
  checkCohortSizes,
  notComputable,
  type AppDefinition,
  type ResultColumn,
} from '@mesh/product-kit';
import { describe as describeValues } from '@mesh/stats';
import type { Context } from '../resolvers/context';
import type { CohortRow } from '../storage/cohort-storage';
import { findVariable, variableChoices, type Variable } from '../storage/variables';
import { cohortParameters, loadCohort } from './context';

export function cohortSummaryApp(variables: Variable[]): AppDefinition {
  return {
    name: 'cohortSummary',
    title: 'Cohort summary',
    description:
      'Size, demographics, diagnosis prevalence and the distribution of every lab test in one cohort.',
    input: 'ONE_GROUP',
    entry: 'cohort',
    groupType: 'CohortCriteria',
    target: 'Cohort',
    field: 'summary',
    parameters: [
      {
        name: 'variables',
        title: 'Variables',
        help: 'Which variables to summarise; all when empty. Labs use each patient\u2019s most recent value.',
        type: '[String!]',
        kind: 'VARIABLE',
        allowedValues: variableChoices(variables),
      },
    ],
    output:
      'One row per numeric variable (n, mean, sd, median, quartiles) and per category of each categorical variable (n, percent); chart: age by sex.',
    chart: 'bar',
  };
}

const COLUMNS: ResultColumn[] = [
  { name: 'variable', title: 'Variable', type: 'STRING' },
  { name: 'label', title: 'Label', type: 'STRING' },
  { name: 'category', title: 'Category', type: 'STRING' },
  { name: 'n', title: 'n', type: 'INTEGER' },
  { name: 'percent', title: '%', type: 'NUMBER', unit: '%' },
  { name: 'mean', title: 'Mean', type: 'NUMBER' },
  { name: 'sd', title: 'SD', type: 'NUMBER' },
  { name: 'median', title: 'Median', type: 'NUMBER' },
  { name: 'q1', title: 'Q1', type: 'NUMBER' },
  { name: 'q3', title: 'Q3', type: 'NUMBER' },
  { name: 'unit', title: 'Unit', type: 'STRING' },
];

export async function runCohortSummary(
  row: CohortRow,
  args: { variables?: string[] | null },
  context: Context,
) {
  const { storage, product } = context;
  const app = cohortSummaryApp(storage.variables);
  const chosen = args.variables?.length
    ? args.variables.map((name, i) => findVariable(storage.variables, name, `variables[${i}]`))
    : storage.variables;
  const frame = await storage.frame();
  const cohort = await loadCohort(row, context, frame);
  const parameters = { cohort: cohortParameters(cohort), variables: chosen.map((v) => v.name) };
  if (cohort.slots.length === 0)
    return notComputable(product, app, `Cohort "${row.name}" is empty.`, { parameters });
  checkCohortSizes([{ name: row.name, size: cohort.slots.length, argument: 'criteria' }]);

  const rows: unknown[][] = [];
  for (const variable of chosen) {
    if (variable.kind === 'numeric') {
      const values = cohort.slots.map((slot) => variable.read(frame, slot)).filter((v) => !Number.isNaN(v));
      const d = describeValues(values);
      rows.push(
        d.computable
          ? [
              variable.name,
              variable.label,
              null,
              d.n,
              (100 * d.n) / cohort.slots.length,
              d.mean,
              d.sd,
              d.median,
              d.q1,
              d.q3,
              variable.unit,
            ]
          : [
              variable.name,
              variable.label,
              null,
              values.length,
              (100 * values.length) / cohort.slots.length,
              null,
              null,
              null,
              null,
              null,
              variable.unit,
            ],
      );
    } else {
      const counts = new Map(variable.categories.map((c) => [c, 0]));
      for (const slot of cohort.slots) {
        const value = variable.read(frame, slot);
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      for (const [category, n] of counts) {
        rows.push([
          variable.name,
          variable.label,
          category,
          n,
          (100 * n) / cohort.slots.length,
          null,
          null,
          null,
          null,
          null,
          null,
        ]);
      }
    }
  }

  const bins = new Map<string, { female: number; male: number }>();
  for (let decade = 10; decade <= 90; decade += 10)
    bins.set(`${decade}-${decade + 9}`, { female: 0, male: 0 });
  for (const slot of cohort.slots) {
    const decade = Math.min(90, Math.max(10, Math.floor(frame.age[slot]! / 10) * 10));
    bins.get(`${decade}-${decade + 9}`)![frame.female[slot] ? 'female' : 'male'] += 1;
  }
  const chart = barChart({
    title: `${row.name}: age by sex`,
    categoryTitle: 'Age (years)',
    valueTitle: 'Patients',
    values: [...bins].flatMap(([category, n]) => [
      { category, group: 'female', value: n.female },
      { category, group: 'male', value: n.male },
    ]),
  });
  return analysisResult(product, app, {
    parameters,
    columns: COLUMNS,
    rows,
    statistics: {
      groups: [{ group: row.name, n: cohort.slots.length }],
      notes: [
        'Lab values are each patient\u2019s most recent result before the snapshot date; n counts patients with a value.',
      ],
    },
    chart,
  });
}
