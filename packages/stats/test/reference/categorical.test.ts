import { chiSquareTest, fisherExactTest } from '../../src/categorical';
import { expectAllClose, expectClose, loadFixture, valuesOf } from './fixtures';

type ChiSquareCase = {
  name: string;
  table: number[][];
  yates: boolean;
  expected: {
    statistic: number;
    pValue: number;
    df: number;
    expected: number[][];
    cramersV: number;
    yatesApplied: boolean;
  };
};
type FisherCase = {
  name: string;
  table: number[][];
  expected: { oddsRatio: number | null; pValue: number; pValueLess: number; pValueGreater: number };
};
type RFisher = { name: string; expected: { pValue: number; pValueLess: number; pValueGreater: number } };

const chiSquare = loadFixture<ChiSquareCase[]>('chi-square');
const fisher = loadFixture<FisherCase[]>('fisher');
const r = loadFixture<{ fisher: RFisher[] }>('r-crosscheck');

describe(`chiSquareTest vs scipy ${chiSquare.generator.scipy} chi2_contingency`, () => {
  it.each(chiSquare.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = valuesOf(chiSquareTest(c.table, { yates: c.yates }), c.name);
    expectClose(result.statistic, c.expected.statistic, `${c.name}.statistic`);
    expectClose(result.pValue, c.expected.pValue, `${c.name}.pValue`);
    expect(result.df).toBe(c.expected.df);
    expect(result.yatesApplied).toBe(c.expected.yatesApplied);
    expectAllClose(result.expected.flat(), c.expected.expected.flat(), `${c.name}.expected`);
    expectClose(result.cramersV, c.expected.cramersV, `${c.name}.cramersV`);
  });
});

describe(`fisherExactTest vs scipy ${fisher.generator.scipy} fisher_exact`, () => {
  it.each(fisher.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = valuesOf(fisherExactTest(c.table), c.name);
    for (const key of Object.keys(c.expected) as Array<keyof FisherCase['expected']>) {
      expectClose(result[key], c.expected[key], `${c.name}.${key}`);
    }
  });
});

describe(`fisherExactTest vs R ${r.generator.R} fisher.test`, () => {
  it.each(r.cases.fisher.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const input = fisher.cases.find((f) => f.name === name)!;
    const result = valuesOf(fisherExactTest(input.table), name);
    for (const key of Object.keys(c.expected) as Array<keyof RFisher['expected']>) {
      expectClose(result[key], c.expected[key], `${name}.${key}`);
    }
  });
});
