import { pearsonCorrelation, spearmanCorrelation } from '../../src/correlation';
import { expectClose, loadFixture, valuesOf } from './fixtures';

type Case = {
  name: string;
  x: number[];
  y: number[];
  expected: {
    pearson: { r: number; pValue: number; ciLow: number; ciHigh: number };
    spearman: { rho: number; pValue: number };
  };
};

const fixture = loadFixture<Case[]>('correlation');

describe(`pearsonCorrelation vs scipy ${fixture.generator.scipy} pearsonr`, () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = valuesOf(pearsonCorrelation(c.x, c.y), c.name);
    for (const key of Object.keys(c.expected.pearson) as Array<keyof Case['expected']['pearson']>) {
      expectClose(result[key], c.expected.pearson[key], `${c.name}.${key}`);
    }
    expect(result.n).toBe(c.x.length);
  });
});

describe(`spearmanCorrelation vs scipy ${fixture.generator.scipy} spearmanr`, () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = valuesOf(spearmanCorrelation(c.x, c.y), c.name);
    expectClose(result.rho, c.expected.spearman.rho, `${c.name}.rho`);
    expectClose(result.pValue, c.expected.spearman.pValue, `${c.name}.pValue`);
  });
});
