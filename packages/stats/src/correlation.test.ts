import { pearsonCorrelation, spearmanCorrelation } from './correlation';
import { computedValues, expectNotComputable } from './test-support/expect-result';

describe('pearsonCorrelation', () => {
  it('gives r = ±1, p = 0 and a degenerate interval for a perfect line', () => {
    expect(pearsonCorrelation([1, 2, 3, 4, 5], [10, 8, 6, 4, 2])).toEqual({
      computable: true,
      r: -1,
      pValue: 0,
      n: 5,
      ciLow: -1,
      ciHigh: -1,
      confidence: 0.95,
    });
  });

  it('uses the whole range as interval for n = 3 (as scipy)', () => {
    expect(computedValues(pearsonCorrelation([1, 2, 4], [2, 1, 5]))).toMatchObject({ ciLow: -1, ciHigh: 1 });
  });

  it('refuses degenerate input', () => {
    expectNotComputable(pearsonCorrelation([1, 2, 3], [1, 2]), /same length \(got 3 and 2\)/);
    expectNotComputable(pearsonCorrelation([1, 2], [1, 2]), /at least 3 pairs/);
    expectNotComputable(pearsonCorrelation([], []), /at least 3 pairs/);
    expectNotComputable(pearsonCorrelation([1, 1, 1], [1, 2, 3]), /constant/);
    expectNotComputable(pearsonCorrelation([1, 2, 3], [1, NaN, 3]), /y contains a non-finite/);
    expectNotComputable(pearsonCorrelation([1, 2, 3], [1, 2, 4], { confidence: 0 }), /confidence level/);
  });
});

describe('spearmanCorrelation', () => {
  it('is 1 for any increasing relation and uses average ranks for ties', () => {
    expect(computedValues(spearmanCorrelation([1, 2, 3, 4], [1, 8, 27, 64]))).toMatchObject({
      rho: 1,
      pValue: 0,
    });
    // Ranks x: 1, 2.5, 2.5, 4; y: 1, 2, 3, 4 → Pearson of ranks.
    expect(computedValues(spearmanCorrelation([1, 2, 2, 3], [1, 2, 3, 4])).rho).toBeCloseTo(
      0.9486832980505138,
      14,
    );
  });

  it('refuses degenerate input', () => {
    expectNotComputable(spearmanCorrelation([2, 2, 2], [1, 2, 3]), /all values tied/);
    expectNotComputable(spearmanCorrelation([1, 2, Infinity], [1, 2, 3]), /x contains a non-finite/);
    expectNotComputable(spearmanCorrelation([1, 2], [1, 2, 3]), /same length/);
  });
});
