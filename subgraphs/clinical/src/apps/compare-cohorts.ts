import {
  analysisResult,
  checkCohortSizes,
  checkMethodFits,
  compareCategorical,
  compareNumeric,
  COMPARISON_METHODS,
  notComputable,
  type AppDefinition,
  type ComparisonMethod,
} from '@mesh/product-kit';
import type { Context } from '../resolvers/context';
import type { ComparisonRow } from '../storage/cohort-storage';
import { findVariable, variableChoices, type Variable } from '../storage/variables';
import { cohortParameters, loadCohort } from './context';

export function compareCohortsApp(variables: Variable[]): AppDefinition {
  return {
    name: 'compareCohorts',
    title: 'Compare two cohorts',
    description:
      'Compares two cohorts on one variable. Numeric: Welch t-test (or Mann-Whitney U). Categorical: chi-square, or Fisher exact when a 2x2 table is sparse. The test used is reported.',
    input: 'TWO_GROUPS',
    entry: 'compareCohorts',
    groupType: 'CohortCriteria',
    target: 'CohortComparison',
    field: 'compare',
    parameters: [
      {
        name: 'variable',
        title: 'Variable',
        help: 'age, sex, lab:<LOINC> (latest value) or diagnosis:<ICD-10>.',
        type: 'String!',
        kind: 'VARIABLE',
        allowedValues: variableChoices(variables),
      },
      {
        name: 'method',
        title: 'Test',
        help: 'AUTO picks Welch t for numeric variables and chi-square (Fisher exact for sparse 2x2) for categorical ones.',
        type: 'ComparisonMethod',
        kind: 'ENUM',
        default: 'AUTO',
        allowedValues: COMPARISON_METHODS.map((value) => ({ value, label: value })),
      },
    ],
    output:
      'Per-group descriptive rows, the test statistic, p-value and effect size; chart: box plot or grouped bars.',
    chart: 'boxplot',
  };
}

export async function runCompareCohorts(
  comparison: ComparisonRow,
  args: { variable: string; method?: ComparisonMethod | null },
  context: Context,
) {
  const { storage, product } = context;
  const app = compareCohortsApp(storage.variables);
  const variable = findVariable(storage.variables, args.variable, 'variable');
  const method = args.method ?? 'AUTO';
  checkMethodFits(variable.kind, variable.name, method);
  const frame = await storage.frame();
  const groups = [
    await loadCohort(comparison.a, context, frame),
    await loadCohort(comparison.b, context, frame),
  ];
  const parameters = {
    a: cohortParameters(groups[0]!),
    b: cohortParameters(groups[1]!),
    variable: variable.name,
    method,
  };
  const empty = groups.find((g) => g.slots.length === 0);
  if (empty) return notComputable(product, app, `Cohort "${empty.row.name}" is empty.`, { parameters });
  checkCohortSizes(
    groups.map((g, i) => ({ name: g.row.name, size: g.slots.length, argument: i === 0 ? 'a' : 'b' })),
  );

  const outcome =
    variable.kind === 'numeric'
      ? compareNumeric(
          variable.label,
          variable.unit,
          groups.map((g) => ({
            name: g.row.name,
            values: g.slots.map((slot) => variable.read(frame, slot)).filter((value) => !Number.isNaN(value)),
          })),
          method,
        )
      : compareCategorical(
          variable.label,
          variable.categories,
          groups.map((g) => ({
            name: g.row.name,
            values: g.slots.map((slot) => variable.read(frame, slot)),
          })),
          method,
        );
  if (outcome.reason)
    return notComputable(product, app, outcome.reason, {
      parameters,
      columns: outcome.columns,
      rows: outcome.rows,
    });
  const statistics = outcome.statistics!;
  const inB = new Set(groups[1]!.ids);
  const overlap = groups[0]!.ids.filter((id) => inB.has(id)).length;
  if (overlap > 0) statistics.notes.push(`${overlap} patients are in both cohorts and count in both groups.`);
  return analysisResult(product, app, {
    parameters,
    columns: outcome.columns,
    rows: outcome.rows,
    statistics,
    chart: outcome.chart,
  });
}
