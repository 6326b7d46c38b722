import {
  analysisResult,
  checkCohortSizes,
  notComputable,
  scatterPlot,
  type AppDefinition,
} from '@mesh/product-kit';
import { pearsonCorrelation, spearmanCorrelation } from '@mesh/stats';
import type { Context } from '../resolvers/context';
import type { CohortRow } from '../storage/cohort-storage';
import { findVariable, variableChoices, type Variable } from '../storage/variables';
import { cohortParameters, loadCohort } from './context';

export function correlationApp(variables: Variable[]): AppDefinition {
  const numeric = variableChoices(variables, 'numeric');
  return {
    name: 'correlation',
    title: 'Correlation of two variables',
    description:
      'Pearson or Spearman correlation between two numeric variables over the patients of one cohort who have both.',
    input: 'ONE_GROUP',
    entry: 'cohort',
    groupType: 'CohortCriteria',
    target: 'Cohort',
    field: 'correlation',
    parameters: [
      {
        name: 'x',
        title: 'X variable',
        help: 'A numeric variable: age or lab:<LOINC>.',
        type: 'String!',
        kind: 'VARIABLE',
        allowedValues: numeric,
      },
      {
        name: 'y',
        title: 'Y variable',
        help: 'A numeric variable: age or lab:<LOINC>.',
        type: 'String!',
        kind: 'VARIABLE',
        allowedValues: numeric,
      },
      {
        name: 'method',
        title: 'Method',
        help: 'PEARSON (linear) or SPEARMAN (rank, robust to outliers).',
        type: 'CorrelationMethod',
        kind: 'ENUM',
        default: 'PEARSON',
        allowedValues: [
          { value: 'PEARSON', label: 'Pearson' },
          { value: 'SPEARMAN', label: 'Spearman' },
        ],
      },
    ],
    output: 'The coefficient, its p-value, n and (Pearson) 95% CI; chart: scatter with regression line.',
    chart: 'scatter',
  };
}

export async function runCorrelation(
  row: CohortRow,
  args: { x: string; y: string; method?: 'PEARSON' | 'SPEARMAN' | null },
  context: Context,
) {
  const { storage, product } = context;
  const app = correlationApp(storage.variables);
  const x = findVariable(storage.variables, args.x, 'x', 'numeric');
  const y = findVariable(storage.variables, args.y, 'y', 'numeric');
  const method = args.method ?? 'PEARSON';
  const frame = await storage.frame();
  const cohort = await loadCohort(row, context, frame);
  const parameters = { cohort: cohortParameters(cohort), x: x.name, y: y.name, method };
  if (cohort.slots.length === 0)
    return notComputable(product, app, `Cohort "${row.name}" is empty.`, { parameters });
  checkCohortSizes([{ name: row.name, size: cohort.slots.length, argument: 'criteria' }]);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const slot of cohort.slots) {
    const xv = x.read(frame, slot) as number;
    const yv = y.read(frame, slot) as number;
    if (!Number.isNaN(xv) && !Number.isNaN(yv)) {
      xs.push(xv);
      ys.push(yv);
    }
  }
  const columns = [
    { name: 'x', title: 'X', type: 'STRING' as const },
    { name: 'y', title: 'Y', type: 'STRING' as const },
    { name: 'method', title: 'Method', type: 'STRING' as const },
    { name: 'n', title: 'n', type: 'INTEGER' as const },
    { name: 'coefficient', title: 'Coefficient', type: 'NUMBER' as const },
    { name: 'pValue', title: 'p', type: 'NUMBER' as const },
    { name: 'ciLow', title: '95% CI low', type: 'NUMBER' as const },
    { name: 'ciHigh', title: '95% CI high', type: 'NUMBER' as const },
  ];
  const result = method === 'PEARSON' ? pearsonCorrelation(xs, ys) : spearmanCorrelation(xs, ys);
  if (!result.computable) return notComputable(product, app, result.reason, { parameters });
  const coefficient = 'r' in result ? result.r : result.rho;
  const ci: [number, number] | null = 'ciLow' in result ? [result.ciLow, result.ciHigh] : null;
  return analysisResult(product, app, {
    parameters,
    columns,
    rows: [[x.name, y.name, method, xs.length, coefficient, result.pValue, ci?.[0] ?? null, ci?.[1] ?? null]],
    statistics: {
      test: method === 'PEARSON' ? 'Pearson correlation (t-test of r = 0)' : 'Spearman rank correlation',
      statisticName: method === 'PEARSON' ? 'r' : 'rho',
      testStatistic: coefficient,
      pValue: result.pValue,
      effectSize: coefficient,
      effectSizeMeasure: method === 'PEARSON' ? 'r' : 'rho',
      confidenceInterval: ci,
      groups: [{ group: row.name, n: xs.length }],
      notes: ['Patients without a value for both variables are left out.'],
    },
    chart: scatterPlot({
      title: `${x.label} vs ${y.label}`,
      points: xs.map((v, i) => ({ x: v, y: ys[i]! })),
      xTitle: x.label,
      yTitle: y.label,
    }),
  });
}
