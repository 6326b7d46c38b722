import { badUserInput, InputErrorReason, suggestClosest } from '@mesh/product-kit';
import type { GeneVocabulary } from './vocabulary';

export const MAX_GENES_PER_REQUEST = 500;

/** Up to three panel symbols close to an unknown one: same letters in another case, or a typo away. */
export function suggestGenes(vocabulary: GeneVocabulary, wanted: string): string[] {
  return suggestClosest(vocabulary.symbols, wanted);
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
