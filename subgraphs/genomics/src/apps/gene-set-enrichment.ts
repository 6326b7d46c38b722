import {
  analysisResult,
  barChart,
  notComputable,
  type AppDefinition,
  type ResultColumn,
} from '@mesh/product-kit';
import { benjaminiHochberg, hypergeometricEnrichment } from '@mesh/stats';
import type { Context } from '../resolvers/context';
import { sampleGroups, type ComparisonRepresentation } from './cohorts';
import { checkFdr, FDR_PARAMETER, SAMPLE_TYPE_PARAMETER, testAllGenes } from './differential-expression';

export const geneSetEnrichmentApp: AppDefinition = {
  name: 'geneSetEnrichment',
  title: 'Gene-set enrichment',
  description:
    'Runs differential expression, takes the genes significantly up (or down) in A, and tests each curated gene set for over-representation among them (hypergeometric test, BH across sets).',
  input: 'TWO_GROUPS',
  entry: 'compareCohorts',
  groupType: 'CohortCriteria',
  target: 'CohortComparison',
  field: 'geneSetEnrichment',
  parameters: [
    SAMPLE_TYPE_PARAMETER,
    FDR_PARAMETER,
    {
      name: 'direction',
      title: 'Direction',
      help: 'UP: genes higher in A than in B; DOWN: lower.',
      type: 'Direction',
      kind: 'ENUM',
      default: 'UP',
      allowedValues: [
        { value: 'UP', label: 'Up in A' },
        { value: 'DOWN', label: 'Down in A' },
      ],
    },
  ],
  output:
    'One row per gene set (size, overlap, expected, fold enrichment, p, adjusted p, genes found), most enriched first; bar chart of -log10 p.',
  chart: 'bar',
};

const COLUMNS: ResultColumn[] = [
  { name: 'geneSet', title: 'Gene set', type: 'STRING' },
  { name: 'name', title: 'Name', type: 'STRING' },
  { name: 'setSize', title: 'Genes in set (tested)', type: 'INTEGER' },
  { name: 'overlap', title: 'Found', type: 'INTEGER' },
  { name: 'expected', title: 'Expected', type: 'NUMBER' },
  { name: 'foldEnrichment', title: 'Fold enrichment', type: 'NUMBER' },
  { name: 'pValue', title: 'p', type: 'NUMBER' },
  { name: 'adjustedPValue', title: 'FDR (BH)', type: 'NUMBER' },
  { name: 'genes', title: 'Genes found', type: 'STRING' },
];

export async function runGeneSetEnrichment(
  comparison: ComparisonRepresentation,
  args: { sampleType?: string | null; fdr?: number | null; direction?: 'UP' | 'DOWN' | null },
  context: Context,
) {
  const { storage, product } = context;
  const fdr = checkFdr(args.fdr ?? 0.05);
  const direction = args.direction ?? 'UP';
  const data = await storage.analysisData();
  const groups = sampleGroups(comparison, data, args.sampleType ?? 'TUMOR');
  const parameters = { ...groups.parameters, fdr, direction };
  if (groups.reason) return notComputable(product, geneSetEnrichmentApp, groups.reason, { parameters });
  const tested = testAllGenes(data, groups.a, groups.b).filter((t) => t.pValue !== null);
  const universe = new Set(tested.map((t) => t.gene));
  const selected = new Set(
    tested
      .filter(
        (t) => t.adjustedPValue! < fdr && (direction === 'UP' ? t.log2FoldChange > 0 : t.log2FoldChange < 0),
      )
      .map((t) => t.gene),
  );
  const sets = storage.vocabulary.geneSets
    .map((set) => ({ set, members: set.genes.filter((gene) => universe.has(gene)) }))
    .filter(({ members }) => members.length > 0);
  if (sets.length === 0)
    return notComputable(product, geneSetEnrichmentApp, 'No gene set overlaps the tested genes.', {
      parameters,
    });
  const results = sets.map(({ set, members }) => {
    const found = members.filter((gene) => selected.has(gene));
    const test = hypergeometricEnrichment({
      universe: universe.size,
      setSize: members.length,
      selected: selected.size,
      overlap: found.length,
    });
    return { set, members, found, test };
  });
  const pValues = results.map((r) => (r.test.computable ? r.test.pValue : 1));
  const bh = benjaminiHochberg(pValues);
  const adjusted = bh.computable ? bh.adjusted : pValues;
  const rows = results
    .map((r, i) => ({ ...r, p: pValues[i]!, q: adjusted[i]! }))
    .sort((x, y) => x.p - y.p || (x.set.id < y.set.id ? -1 : 1));
  return analysisResult(product, geneSetEnrichmentApp, {
    parameters,
    columns: COLUMNS,
    rows: rows.map((r) => [
      r.set.id,
      r.set.name,
      r.members.length,
      r.found.length,
      r.test.computable ? r.test.expected : null,
      r.test.computable ? r.test.foldEnrichment : null,
      r.p,
      r.q,
      r.found.join(' '),
    ]),
    statistics: {
      test: 'Hypergeometric test (one-sided, over-representation) per gene set, Benjamini-Hochberg across sets',
      testsPerformed: rows.length,
      significant: rows.filter((r) => r.q < fdr).length,
      groups: [
        { group: comparison.a.name, n: groups.a.length },
        { group: comparison.b.name, n: groups.b.length },
      ],
      notes: [
        `${selected.size} of ${universe.size} tested genes are ${direction === 'UP' ? 'up' : 'down'} in A at FDR < ${fdr}; they are the selection.`,
      ],
    },
    chart: barChart({
      title: `Gene sets ${direction === 'UP' ? 'up' : 'down'} in ${comparison.a.name}`,
      categoryTitle: 'Gene set',
      valueTitle: '-log10 p',
      values: rows.map((r) => ({
        category: r.set.id,
        group: 'enrichment',
        value: -Math.log10(Math.max(r.p, Number.MIN_VALUE)),
      })),
    }),
  });
}
