import { describe as describeSample } from '../../src/descriptive';
import { expectClose, loadFixture, valuesOf } from './fixtures';

type Case = {
  name: string;
  values: number[];
  expected: Record<'n' | 'mean' | 'median' | 'q1' | 'q3' | 'min' | 'max', number> & {
    sd: number | null;
    variance: number | null;
  };
};

const fixture = loadFixture<Case[]>('descriptive');

describe(`describe vs numpy ${fixture.generator.numpy}`, () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const summary = valuesOf(describeSample(c.values), c.name);
    for (const key of Object.keys(c.expected) as Array<keyof Case['expected']>) {
      expectClose(summary[key], c.expected[key], `${c.name}.${key}`);
    }
  });
});
