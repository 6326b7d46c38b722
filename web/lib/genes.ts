/** Splits "TP53, EGFR  KRAS" into unique symbols, keeping the order typed (HGNC symbols are case-sensitive). */
export function parseGeneList(input: string): string[] {
  const symbols = input.split(/[\s,;]+/).filter((symbol) => symbol.length > 0);
  return [...new Set(symbols)];
}
