import {
  analysisResult,
  badUserInput,
  InputErrorReason,
  notComputable,
  volcanoPlot,
  type AppDefinition,
  type ResultColumn,
} from '@mesh/product-kit';
import { benjaminiHochberg, welchTTestFromMoments } from '@mesh/stats';
import type { Context } from '../resolvers/context';
import type { AnalysisData } from '../storage/analysis-data';
import { SAMPLE_TYPES, sampleGroups, type ComparisonRepresentation } from './cohorts';

export const FDR_PARAMETER = {
  name: 'fdr',
  title: 'False discovery rate',
  help: 'Benjamini-Hochberg adjusted p-value below which a gene counts as differentially expressed.',
  type: 'Float',
  kind: 'NUMBER' as const,
  default: 0.05,
  minimum: 0.0001,
  maximum: 0.5,
};

export const SAMPLE_TYPE_PARAMETER = {
  name: 'sampleType',
  title: 'Sample type',
  help: 'Which samples of the cohorts\u2019 patients to compare.',
  type: 'SampleType',
  kind: 'ENUM' as const,
  default: 'TUMOR',
  allowedValues: SAMPLE_TYPES,
};

export const differentialExpressionApp: AppDefinition = {
  name: 'differentialExpression',
  title: 'Differential expression',
  description:
    'Every gene of the panel compared between the samples of two cohorts: Welch t-test, log2 fold change (A - B on log2 data), Benjamini-Hochberg FDR.',
  input: 'TWO_GROUPS',
  entry: 'compareCohorts',
  groupType: 'CohortCriteria',
  target: 'CohortComparison',
  field: 'differentialExpression',
  parameters: [SAMPLE_TYPE_PARAMETER, FDR_PARAMETER],
  output: 'One row per gene (log2 FC, means, t, df, p, adjusted p), most significant first; volcano chart.',
  chart: 'volcano',
};

export interface GeneTest {
  gene: string;
  log2FoldChange: number;
  meanA: number;
  meanB: number;
  t: number | null;
  df: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
}

export function checkFdr(fdr: number): number {
  if (!(fdr >= FDR_PARAMETER.minimum && fdr <= FDR_PARAMETER.maximum)) {
    throw badUserInput(
      `fdr must be between ${FDR_PARAMETER.minimum} and ${FDR_PARAMETER.maximum} (got ${fdr}).`,
      {
        reason: InputErrorReason.InvalidParameter,
        argument: 'fdr',
      },
    );
  }
  return fdr;
}

function moments(vector: Float32Array, columns: Int32Array) {
  let sum = 0;
  for (let i = 0; i < columns.length; i++) sum += vector[columns[i]!]!;
  const mean = sum / columns.length;
  let squares = 0;
  for (let i = 0; i < columns.length; i++) {
    const d = vector[columns[i]!]! - mean;
    squares += d * d;
  }
  return { n: columns.length, mean, variance: squares / (columns.length - 1) };
}

/** Per-gene Welch t over the gene-major matrix: two passes per group, no per-gene allocation of samples. */
export function testAllGenes(data: AnalysisData, a: Int32Array, b: Int32Array): GeneTest[] {
  const tests: GeneTest[] = data.genes.map((gene, g) => {
    const vector = data.vectors[g]!;
    const ma = moments(vector, a);
    const mb = moments(vector, b);
    const test = welchTTestFromMoments(ma, mb);
    return {
      gene,
      log2FoldChange: ma.mean - mb.mean,
      meanA: ma.mean,
      meanB: mb.mean,
      t: test.computable ? test.t : null,
      df: test.computable ? test.df : null,
      pValue: test.computable ? test.pValue : null,
      adjustedPValue: null,
    };
  });
  const tested = tests.filter((test) => test.pValue !== null);
  const adjusted = benjaminiHochberg(tested.map((test) => test.pValue!));
  if (adjusted.computable) tested.forEach((test, i) => (test.adjustedPValue = adjusted.adjusted[i]!));
  return tests.sort((x, y) => (x.pValue ?? 2) - (y.pValue ?? 2) || (x.gene < y.gene ? -1 : 1));
}

const COLUMNS: ResultColumn[] = [
  { name: 'gene', title: 'Gene', type: 'STRING' },
  { name: 'log2FoldChange', title: 'log2 FC (A - B)', type: 'NUMBER', unit: 'log2' },
  { name: 'meanA', title: 'Mean A', type: 'NUMBER', unit: 'log2(TPM+1)' },
  { name: 'meanB', title: 'Mean B', type: 'NUMBER', unit: 'log2(TPM+1)' },
  { name: 't', title: 't', type: 'NUMBER' },
  { name: 'df', title: 'df', type: 'NUMBER' },
  { name: 'pValue', title: 'p', type: 'NUMBER' },
  { name: 'adjustedPValue', title: 'FDR (BH)', type: 'NUMBER' },
];

export async function runDifferentialExpression(
  comparison: ComparisonRepresentation,
  args: { sampleType?: string | null; fdr?: number | null },
  context: Context,
) {
  const { storage, product } = context;
  const fdr = checkFdr(args.fdr ?? 0.05);
  const data = await storage.analysisData();
  // An explicit null compares every sample; an omitted argument gets the schema default (TUMOR).
  const groups = sampleGroups(comparison, data, args.sampleType === undefined ? 'TUMOR' : args.sampleType);
  const parameters = { ...groups.parameters, fdr };
  if (groups.reason) return notComputable(product, differentialExpressionApp, groups.reason, { parameters });
  const tests = testAllGenes(data, groups.a, groups.b);
  const testable = tests.filter((test) => test.pValue !== null);
  if (testable.length === 0)
    return notComputable(
      product,
      differentialExpressionApp,
      'No gene varies within the groups: nothing to test.',
      { parameters },
    );
  const significant = testable.filter((test) => test.adjustedPValue! < fdr);
  return analysisResult(product, differentialExpressionApp, {
    parameters,
    columns: COLUMNS,
    rows: tests.map((t) => [
      t.gene,
      t.log2FoldChange,
      t.meanA,
      t.meanB,
      t.t,
      t.df,
      t.pValue,
      t.adjustedPValue,
    ]),
    statistics: {
      test: 'Welch two-sample t-test per gene (two-sided), Benjamini-Hochberg FDR',
      testsPerformed: testable.length,
      significant: significant.length,
      groups: [
        { group: comparison.a.name, n: groups.a.length },
        { group: comparison.b.name, n: groups.b.length },
      ],
      notes: [
        'Group sizes count samples. Expression is log2(TPM+1), so the fold change is the difference of means.',
        ...(tests.length > testable.length
          ? [`${tests.length - testable.length} genes without variance were not tested.`]
          : []),
      ],
    },
    chart: volcanoPlot({
      title: `${comparison.a.name} vs ${comparison.b.name} (${parameters.sampleType ?? 'all samples'})`,
      points: testable.map((t) => ({
        gene: t.gene,
        log2FoldChange: t.log2FoldChange,
        pValue: t.pValue!,
        significant: t.adjustedPValue! < fdr,
      })),
    }),
  });
}
