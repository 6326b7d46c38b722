import {
  chiSquareTest,
  describe as describeValues,
  fisherExactTest,
  mannWhitneyU,
  welchTTest,
} from '@mesh/stats';
import { badUserInput, InputErrorReason } from '../errors';
import { barChart, boxPlot } from './charts';
import type { AnalysisStatistics, ResultColumn } from './types';

/** How two groups are compared; AUTO picks by the variable's kind and, for 2x2 tables, by sparsity. */
export type ComparisonMethod = 'AUTO' | 'WELCH_T' | 'MANN_WHITNEY' | 'CHI_SQUARE' | 'FISHER_EXACT';

export const COMPARISON_METHODS: ComparisonMethod[] = [
  'AUTO',
  'WELCH_T',
  'MANN_WHITNEY',
  'CHI_SQUARE',
  'FISHER_EXACT',
];

export interface ComparisonOutcome {
  columns: ResultColumn[];
  rows: unknown[][];
  chart: Record<string, unknown>;
  /** Set when the test could not be computed (degenerate input). */
  reason: string | null;
  statistics: AnalysisStatistics | null;
}

export function checkMethodFits(
  kind: 'numeric' | 'categorical',
  variable: string,
  method: ComparisonMethod,
): void {
  if (kind === 'numeric' && (method === 'CHI_SQUARE' || method === 'FISHER_EXACT')) {
    throw badUserInput(
      `${method} compares categories; ${variable} is numeric. Use AUTO, WELCH_T or MANN_WHITNEY.`,
      {
        reason: InputErrorReason.InvalidParameter,
        argument: 'method',
      },
    );
  }
  if (kind === 'categorical' && (method === 'WELCH_T' || method === 'MANN_WHITNEY')) {
    throw badUserInput(
      `${method} compares numbers; ${variable} is categorical. Use AUTO, CHI_SQUARE or FISHER_EXACT.`,
      {
        reason: InputErrorReason.InvalidParameter,
        argument: 'method',
      },
    );
  }
}

/** Two groups of numbers: descriptive rows, Welch t (or Mann-Whitney U), box plot. */
export function compareNumeric(
  label: string,
  unit: string | null,
  groups: { name: string; values: number[] }[],
  method: ComparisonMethod,
): ComparisonOutcome {
  const rows = groups.map((g) => {
    const d = describeValues(g.values);
    return [
      g.name,
      g.values.length,
      d.computable ? d.mean : null,
      d.computable ? d.sd : null,
      d.computable ? d.median : null,
      d.computable ? d.q1 : null,
      d.computable ? d.q3 : null,
      unit,
    ];
  });
  const columns: ResultColumn[] = [
    { name: 'group', title: 'Group', type: 'STRING' },
    { name: 'n', title: 'n', type: 'INTEGER' },
    ...['mean', 'sd', 'median', 'q1', 'q3'].map((name) => ({
      name,
      title: name === 'sd' ? 'SD' : name[0]!.toUpperCase() + name.slice(1),
      type: 'NUMBER' as const,
      unit,
    })),
    { name: 'unit', title: 'Unit', type: 'STRING' },
  ];
  const chart = boxPlot({
    title: label,
    valueTitle: label,
    values: groups.flatMap((g) => g.values.map((value) => ({ group: g.name, value }))),
  });
  const groupCounts = groups.map((g) => ({ group: g.name, n: g.values.length }));
  const [a, b] = [groups[0]!.values, groups[1]!.values];
  if (method === 'MANN_WHITNEY') {
    const test = mannWhitneyU(a, b);
    if (!test.computable) return { columns, rows, chart, reason: test.reason, statistics: null };
    return {
      columns,
      rows,
      chart,
      reason: null,
      statistics: {
        test: 'Mann-Whitney U (two-sided, normal approximation with tie and continuity correction)',
        statisticName: 'U',
        testStatistic: test.u,
        pValue: test.pValue,
        effectSize: test.rankBiserial,
        effectSizeMeasure: 'rank-biserial correlation',
        groups: groupCounts,
        notes: [],
      },
    };
  }
  const test = welchTTest(a, b);
  if (!test.computable) return { columns, rows, chart, reason: test.reason, statistics: null };
  return {
    columns,
    rows,
    chart,
    reason: null,
    statistics: {
      test: 'Welch two-sample t-test (two-sided)',
      statisticName: 't',
      testStatistic: test.t,
      degreesOfFreedom: test.df,
      pValue: test.pValue,
      effectSize: test.hedgesG,
      effectSizeMeasure: "Hedges' g (A vs B)",
      confidenceInterval: [test.ciLow, test.ciHigh],
      groups: groupCounts,
      notes: [
        `Mean difference A - B: ${test.meanDifference}${unit ? ` ${unit}` : ''}`,
        'confidenceInterval: 95% CI of the mean difference.',
      ],
    },
  };
}

/** Two groups of categories: counts and percents, chi-square (Fisher exact for sparse 2x2), grouped bars. */
export function compareCategorical(
  label: string,
  categories: string[],
  groups: { name: string; values: string[] }[],
  method: ComparisonMethod,
): ComparisonOutcome {
  const table = groups.map((g) =>
    categories.map((category) => g.values.filter((value) => value === category).length),
  );
  const rows = groups.flatMap((g, i) =>
    categories.map((category, j) => [
      g.name,
      category,
      table[i]![j]!,
      g.values.length ? (100 * table[i]![j]!) / g.values.length : null,
    ]),
  );
  const columns: ResultColumn[] = [
    { name: 'group', title: 'Group', type: 'STRING' },
    { name: 'category', title: label, type: 'STRING' },
    { name: 'n', title: 'n', type: 'INTEGER' },
    { name: 'percent', title: '% of group', type: 'NUMBER', unit: '%' },
  ];
  const chart = barChart({
    title: label,
    categoryTitle: label,
    valueTitle: '% of group',
    values: rows.map(([group, category, , percent]) => ({
      group: String(group),
      category: String(category),
      value: Number(percent ?? 0),
    })),
  });
  const groupCounts = groups.map((g) => ({ group: g.name, n: g.values.length }));
  const chi = chiSquareTest(table, { yates: false });
  const is2x2 = table.length === 2 && categories.length === 2;
  const useFisher = method === 'FISHER_EXACT' || (method === 'AUTO' && is2x2 && chi.computable && chi.sparse);
  if (useFisher) {
    if (!is2x2)
      return {
        columns,
        rows,
        chart,
        reason: `Fisher's exact test needs two categories; ${label} has ${categories.length}.`,
        statistics: null,
      };
    const test = fisherExactTest(table as [[number, number], [number, number]]);
    if (!test.computable) return { columns, rows, chart, reason: test.reason, statistics: null };
    return {
      columns,
      rows,
      chart,
      reason: null,
      statistics: {
        test: "Fisher's exact test (two-sided)",
        statisticName: 'odds ratio',
        testStatistic: test.oddsRatio,
        pValue: test.pValue,
        effectSize: test.oddsRatio,
        effectSizeMeasure: 'odds ratio (A vs B)',
        groups: groupCounts,
        notes: method === 'AUTO' ? ['Fisher exact chosen: an expected count is below 5.'] : [],
      },
    };
  }
  if (!chi.computable) return { columns, rows, chart, reason: chi.reason, statistics: null };
  return {
    columns,
    rows,
    chart,
    reason: null,
    statistics: {
      test: "Pearson's chi-square test of independence (no continuity correction)",
      statisticName: 'chi-square',
      testStatistic: chi.statistic,
      degreesOfFreedom: chi.df,
      pValue: chi.pValue,
      effectSize: chi.cramersV,
      effectSizeMeasure: "Cramér's V",
      groups: groupCounts,
      notes: chi.sparse
        ? ['Some expected counts are below 5; the chi-square approximation may be poor.']
        : [],
    },
  };
}
