import { badUserInput, InputErrorReason } from '@mesh/product-kit';
import type { GeneVocabulary } from './vocabulary';

export const MAX_GENES_PER_REQUEST = 500;

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to three panel symbols close to an unknown one: same letters in another case, or a typo away. */
export function suggestGenes(vocabulary: GeneVocabulary, wanted: string): string[] {
  const upper = wanted.toUpperCase();
  if (vocabulary.genes.has(upper)) return [upper];
  return vocabulary.symbols
    .map((symbol) => ({ symbol, distance: editDistance(upper, symbol, 2) }))
    .filter((candidate) => candidate.distance <= 2)
    .sort((a, b) => a.distance - b.distance || a.symbol.localeCompare(b.symbol))
    .slice(0, 3)
    .map((candidate) => candidate.symbol);
}

/** Validates gene symbols against the panel; the whole request fails on any unknown one, with hints. */
export function checkGeneSymbols(
  vocabulary: GeneVocabulary,
  symbols: readonly string[],
  argument: string,
): string[] {
  if (symbols.length > MAX_GENES_PER_REQUEST) {
    throw badUserInput(
      `${argument} takes at most ${MAX_GENES_PER_REQUEST} genes (got ${symbols.length}). Split the request, or use an analysis over gene sets.`,
      { reason: InputErrorReason.TooManyValues, argument, max: MAX_GENES_PER_REQUEST },
    );
  }
  const unknown = symbols.filter((symbol) => !vocabulary.genes.has(symbol));
  if (unknown.length > 0) {
    const suggestions = Object.fromEntries(
      unknown.map((symbol) => [symbol, suggestGenes(vocabulary, symbol)]),
    );
    const hints = unknown
      .map((symbol) =>
        suggestions[symbol]!.length ? `${symbol} (did you mean ${suggestions[symbol]!.join(', ')}?)` : symbol,
      )
      .join(', ');
    throw badUserInput(
      `Unknown gene symbol(s) in ${argument}: ${hints}. Use HGNC approved symbols; query genes(search: ...) to find them.`,
      { reason: InputErrorReason.UnknownGene, argument, unknown, suggestions },
    );
  }
  return [...symbols];
}
