import { analysisResult, boxPlot, notComputable, type AppDefinition } from '@mesh/product-kit';
import { describe as describeValues, welchTTest } from '@mesh/stats';
import type { Context } from '../resolvers/context';
import { checkGeneSymbols } from '../storage/gene-symbols';
import { sampleGroups, type ComparisonRepresentation } from './cohorts';
import { SAMPLE_TYPE_PARAMETER } from './differential-expression';

export const geneExpressionApp: AppDefinition = {
  name: 'geneExpression',
  title: 'Expression of a gene across cohorts',
  description: 'One gene\u2019s expression in the samples of two cohorts, compared with a Welch t-test.',
  input: 'TWO_GROUPS',
  entry: 'compareCohorts',
  groupType: 'CohortCriteria',
  target: 'CohortComparison',
  field: 'geneExpression',
  parameters: [
    { name: 'gene', title: 'Gene', help: 'HGNC approved symbol, e.g. ERBB2.', type: 'String!', kind: 'GENE' },
    SAMPLE_TYPE_PARAMETER,
  ],
  output: 'Per-group n, mean, sd, median and quartiles; Welch t, p, Hedges\u2019 g; box plot.',
  chart: 'boxplot',
};

export async function runGeneExpression(
  comparison: ComparisonRepresentation,
  args: { gene: string; sampleType?: string | null },
  context: Context,
) {
  const { storage, product } = context;
  const [gene] = checkGeneSymbols(storage.vocabulary, [args.gene], 'gene');
  const data = await storage.analysisData();
  const groups = sampleGroups(comparison, data, args.sampleType ?? 'TUMOR');
  const parameters = { ...groups.parameters, gene };
  if (groups.reason) return notComputable(product, geneExpressionApp, groups.reason, { parameters });
  const vector = data.vectorBySymbol.get(gene!)!;
  const values = [groups.a, groups.b].map((columns) => Array.from(columns, (column) => vector[column]!));
  const names = [comparison.a.name, comparison.b.name];
  const rows = values.map((group, i) => {
    const d = describeValues(group);
    return [
      names[i],
      group.length,
      d.computable ? d.mean : null,
      d.computable ? d.sd : null,
      d.computable ? d.median : null,
      d.computable ? d.q1 : null,
      d.computable ? d.q3 : null,
    ];
  });
  const columns = [
    { name: 'group', title: 'Group', type: 'STRING' as const },
    { name: 'n', title: 'Samples', type: 'INTEGER' as const },
    ...['mean', 'sd', 'median', 'q1', 'q3'].map((name) => ({
      name,
      title: name === 'sd' ? 'SD' : name[0]!.toUpperCase() + name.slice(1),
      type: 'NUMBER' as const,
      unit: 'log2(TPM+1)',
    })),
  ];
  const test = welchTTest(values[0]!, values[1]!);
  if (!test.computable)
    return notComputable(product, geneExpressionApp, test.reason, { parameters, columns, rows });
  return analysisResult(product, geneExpressionApp, {
    parameters,
    columns,
    rows,
    statistics: {
      test: 'Welch two-sample t-test (two-sided)',
      statisticName: 't',
      testStatistic: test.t,
      degreesOfFreedom: test.df,
      pValue: test.pValue,
      effectSize: test.hedgesG,
      effectSizeMeasure: "Hedges' g (A vs B)",
      confidenceInterval: [test.ciLow, test.ciHigh],
      groups: names.map((group, i) => ({ group, n: values[i]!.length })),
      notes: [`log2 fold change (A - B): ${test.meanDifference}`],
    },
    chart: boxPlot({
      title: `${gene} (${parameters.sampleType})`,
      valueTitle: `${gene} log2(TPM+1)`,
      values: values.flatMap((group, i) => group.map((value) => ({ group: names[i]!, value }))),
    }),
  });
}
