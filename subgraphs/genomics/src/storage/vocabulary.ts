import type { Knex } from '@mesh/product-kit';

export interface GeneRow {
  symbol: string;
  name: string;
  chromosome: string;
  biotype: string;
}

export interface GeneSetRow {
  id: string;
  name: string;
  description: string;
  genes: string[];
}

/** The gene panel and gene sets of this snapshot, read once: a served snapshot never changes. */
export interface GeneVocabulary {
  genes: Map<string, GeneRow>;
  /** Symbols in sorted order, for pagination and suggestions. */
  symbols: string[];
  geneSets: GeneSetRow[];
}

export async function loadGeneVocabulary(db: Knex): Promise<GeneVocabulary> {
  const [genes, sets, members] = await Promise.all([
    db<GeneRow>('genes').select('symbol', 'name', 'chromosome', 'biotype').orderBy('symbol'),
    db('gene_sets').select('id', 'name', 'description').orderBy('id'),
    db('gene_set_members').select('gene_set_id', 'gene_symbol').orderBy(['gene_set_id', 'gene_symbol']),
  ]);
  const geneSets: GeneSetRow[] = (sets as Omit<GeneSetRow, 'genes'>[]).map((set) => ({ ...set, genes: [] }));
  const byId = new Map(geneSets.map((set) => [set.id, set]));
  for (const member of members as { gene_set_id: string; gene_symbol: string }[]) {
    byId.get(member.gene_set_id)?.genes.push(member.gene_symbol);
  }
  return {
    genes: new Map(genes.map((gene) => [gene.symbol, gene])),
    symbols: genes.map((gene) => gene.symbol),
    geneSets,
  };
}
