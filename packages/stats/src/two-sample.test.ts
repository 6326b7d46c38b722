import { computedValues, expectNotComputable } from './test-support/expect-result';
import { hedgesCorrection, mannWhitneyU, welchTTest, welchTTestFromMoments } from './two-sample';

describe('welchTTest', () => {
  it('equals the moments form', () => {
    const a = [5.1, 4.9, 6.2, 5.8, 6.0];
    const b = [4.1, 4.4, 3.9, 5.0];
    const fromMoments = welchTTestFromMoments(
      { n: 5, mean: 5.6, variance: 0.325 },
      { n: 4, mean: 4.35, variance: 0.23 },
    );
    const fromValues = computedValues(welchTTest(a, b));
    expect(fromValues.t).toBeCloseTo(computedValues(fromMoments).t, 12);
    expect(fromValues.ciLow).toBeLessThan(fromValues.meanDifference);
    expect(fromValues.ciHigh).toBeGreaterThan(fromValues.meanDifference);
  });

  it('widens the interval with the confidence level', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [2, 3, 4, 5, 9];
    const ci90 = computedValues(welchTTest(a, b, { confidence: 0.9 }));
    const ci99 = computedValues(welchTTest(a, b, { confidence: 0.99 }));
    expect(ci99.ciHigh - ci99.ciLow).toBeGreaterThan(ci90.ciHigh - ci90.ciLow);
  });

  it('is computable when only one group is constant', () => {
    expect(welchTTest([4, 4, 4], [3, 5, 6]).computable).toBe(true);
  });

  it('refuses degenerate groups', () => {
    expectNotComputable(welchTTest([1], [2, 3]), /group a has 1 value; at least 2/);
    expectNotComputable(welchTTest([1, 2], []), /group b has 0 values/);
    expectNotComputable(welchTTest([1, 1, 1], [2, 2]), /both groups have zero variance/);
    expectNotComputable(welchTTest([1, NaN], [2, 3]), /group a contains a non-finite value/);
    expectNotComputable(welchTTest([1, 2], [2, -Infinity]), /group b contains a non-finite value/);
    expectNotComputable(welchTTest([1, 2], [2, 3], { confidence: 1 }), /confidence level/);
  });

  it('refuses invalid moments', () => {
    const ok = { n: 5, mean: 1, variance: 1 };
    expectNotComputable(welchTTestFromMoments({ n: 1, mean: 1, variance: 0 }, ok), /n = 1/);
    expectNotComputable(welchTTestFromMoments({ n: 2.5, mean: 1, variance: 1 }, ok), /n = 2.5/);
    expectNotComputable(welchTTestFromMoments(ok, { n: 5, mean: NaN, variance: 1 }), /non-finite mean/);
    expectNotComputable(welchTTestFromMoments(ok, { n: 5, mean: 1, variance: -1 }), /invalid variance/);
    expectNotComputable(welchTTestFromMoments(ok, { n: 5, mean: 1, variance: Infinity }), /invalid variance/);
  });
});

describe('hedgesCorrection', () => {
  // Reference values: Γ(df/2) / (√(df/2) Γ((df−1)/2)) evaluated with mpmath at 40 digits.
  it.each([
    [10, 0.9227456080530871],
    [199, 0.9962256230248172],
    [200, 0.9962445224791265],
    [2000, 0.9996249453037127],
    [100000, 0.9999924999781249],
  ])('J(%d) = %f to 1e-13 (log-gamma differences below df = 200, series above)', (df, exact) => {
    expect(Math.abs(hedgesCorrection(df) - exact)).toBeLessThan(1e-13);
  });
});

describe('mannWhitneyU', () => {
  it('counts pairs with a > b, ties as one half', () => {
    const result = computedValues(mannWhitneyU([1, 2, 3], [2, 4]));
    // pairs a > b: (3,2); ties: (2,2) → 1 + 0.5
    expect(result.u).toBe(1.5);
    expect(result.rankBiserial).toBeCloseTo((2 * 1.5) / 6 - 1, 15);
  });

  it('gives p = 1 when U sits at its mean', () => {
    expect(computedValues(mannWhitneyU([1, 4], [2, 3])).pValue).toBe(1);
  });

  it('refuses degenerate groups', () => {
    expectNotComputable(mannWhitneyU([1], [2, 3]), /group a has 1 value/);
    expectNotComputable(mannWhitneyU([5, 5], [5, 5, 5]), /all values are tied/);
    expectNotComputable(mannWhitneyU([1, 2], [3, NaN]), /non-finite/);
  });
});
