import { analysisResult, compareNumeric, notComputable, type AppDefinition } from '@mesh/product-kit';
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
  // Stored as float32 from three-decimal values: round away the float32 noise, as Sample.expression does.
  const valueAt = (column: number) => Math.round(vector[column]! * 1000) / 1000;
  const outcome = compareNumeric(
    `${gene} (${parameters.sampleType})`,
    'log2(TPM+1)',
    [
      { name: comparison.a.name, values: Array.from(groups.a, valueAt) },
      { name: comparison.b.name, values: Array.from(groups.b, valueAt) },
    ],
    'WELCH_T',
  );
  if (outcome.reason)
    return notComputable(product, geneExpressionApp, outcome.reason, {
      parameters,
      columns: outcome.columns,
      rows: outcome.rows,
    });
  // Samples, not patients, are the unit here; log2 data make the mean difference the log2 fold change.
  outcome.statistics!.notes.push(
    'Group sizes count samples; on log2 data the mean difference is the log2 fold change.',
  );
  return analysisResult(product, geneExpressionApp, {
    parameters,
    columns: outcome.columns,
    rows: outcome.rows,
    statistics: outcome.statistics,
    chart: outcome.chart,
  });
}
