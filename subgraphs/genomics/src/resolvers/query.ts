import { checkPageSize, decodeCursor, toConnection } from '@mesh/product-kit';
import type { SampleRow, SampleType } from '../storage/sample-storage';
import type { GeneRow } from '../storage/vocabulary';
import type { Context } from './context';

const MAX_PAGE = 1000;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

function matchesSearch(gene: GeneRow, search: string): boolean {
  const wanted = search.trim().toLowerCase();
  return (
    gene.symbol.toLowerCase().startsWith(wanted) ||
    gene.name
      .toLowerCase()
      .split(/[\s,-]+/)
      .some((w) => w.startsWith(wanted))
  );
}

export const Query = {
  gene: (_: unknown, { symbol }: { symbol: string }, { storage }: Context) =>
    storage.vocabulary.genes.get(symbol) ?? null,

  genes(_: unknown, args: PageArgs & { search?: string | null }, { storage }: Context) {
    const first = checkPageSize(args.first, MAX_PAGE, 50);
    const after = args.after == null ? null : String(decodeCursor('genes', args.after));
    const { genes, symbols } = storage.vocabulary;
    const search = args.search?.trim();
    const matching = symbols
      .map((symbol) => genes.get(symbol)!)
      .filter((gene) => !search || matchesSearch(gene, search));
    const start = after === null ? 0 : matching.findIndex((gene) => gene.symbol > after);
    const page = start < 0 ? [] : matching.slice(start, start + first + 1);
    return { ...toConnection(page, first, 'genes', (gene) => gene.symbol), totalCount: matching.length };
  },

  sample: (_: unknown, { id }: { id: string }, { storage }: Context) => storage.samples.sample(id),

  async samples(_: unknown, args: PageArgs & { type?: string | null }, { storage }: Context) {
    const first = checkPageSize(args.first, MAX_PAGE, 50);
    const after = args.after == null ? null : String(decodeCursor('samples', args.after));
    const type = (args.type?.toLowerCase() ?? null) as SampleType | null;
    const rows = await storage.samples.searchSamples(type, first + 1, after);
    return {
      ...toConnection<SampleRow>(rows, first, 'samples', (row) => row.id),
      totalCount: () => storage.samples.countSamples(type),
    };
  },

  geneSets: (_: unknown, __: unknown, { storage }: Context) => storage.vocabulary.geneSets,
};
