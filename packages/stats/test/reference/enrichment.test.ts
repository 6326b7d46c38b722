import { hypergeometricEnrichment, type EnrichmentInput } from '../../src/enrichment';
import { expectClose, loadFixture, valuesOf } from './fixtures';

type Case = {
  name: string;
  input: EnrichmentInput;
  expected: { pValue: number; expected: number; foldEnrichment: number };
};

const fixture = loadFixture<Case[]>('enrichment');

describe(`hypergeometricEnrichment vs scipy ${fixture.generator.scipy} hypergeom.sf(k − 1, N, K, n)`, () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = valuesOf(hypergeometricEnrichment(c.input), c.name);
    for (const key of Object.keys(c.expected) as Array<keyof Case['expected']>) {
      expectClose(result[key], c.expected[key], `${c.name}.${key}`);
    }
  });
});
