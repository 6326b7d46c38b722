import { hypergeometricTail, hypergeometricTwoSided } from './hypergeometric';

describe('hypergeometric tails', () => {
  const h = { population: 20, marked: 7, draws: 12 };
  // Exact pmf by binomial coefficients, summed directly (small enough to be exact in doubles).
  const choose = (a: number, b: number): number =>
    b < 0 || b > a ? 0 : b === 0 ? 1 : (choose(a - 1, b - 1) * a) / b;
  const pmf = (x: number) => (choose(7, x) * choose(13, 12 - x)) / choose(20, 12);

  it('agrees with direct summation for every k', () => {
    for (let k = 0; k <= 7; k++) {
      let lower = 0;
      let upper = 0;
      let twoSided = 0;
      for (let x = 0; x <= 7; x++) {
        if (x <= k) lower += pmf(x);
        if (x >= k) upper += pmf(x);
        if (pmf(x) <= pmf(k) * (1 + 1e-7)) twoSided += pmf(x);
      }
      expect(hypergeometricTail(h, k, 'lower')).toBeCloseTo(Math.min(1, lower), 14);
      expect(hypergeometricTail(h, k, 'upper')).toBeCloseTo(Math.min(1, upper), 14);
      expect(hypergeometricTwoSided(h, k)).toBeCloseTo(Math.min(1, twoSided), 14);
    }
  });

  it('stays finite and tiny in the log-space regime instead of underflowing to NaN', () => {
    const extreme = { population: 2000, marked: 1000, draws: 1000 };
    const p = hypergeometricTwoSided(extreme, 1000);
    expect(Number.isFinite(p)).toBe(true);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-290);
  });
});
