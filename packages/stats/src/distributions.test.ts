import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { chiSquareUpperTail } from './distributions';

describe('chiSquareUpperTail', () => {
  it('is exp(−x/2) for 2 df and 2Φ(−√x) for 1 df, deep into the tail', () => {
    for (const x of [0.5, 3, 40, 700]) {
      expect(chiSquareUpperTail(x, 2) / Math.exp(-x / 2)).toBeCloseTo(1, 13);
      expect(chiSquareUpperTail(x, 1) / (2 * normalCdf(-Math.sqrt(x), 0, 1))).toBeCloseTo(1, 13);
    }
  });

  it('agrees with 1 − cdf where that is accurate, on both sides of the switch at x = df', () => {
    for (const df of [1, 2, 3, 4, 7, 12, 25, 100]) {
      for (const x of [df * 0.5, df, df * 1.0001, df * 1.5, df * 2]) {
        expect(chiSquareUpperTail(x, df)).toBeCloseTo(1 - chiSquareCdf(x, df), 12);
      }
    }
  });

  it('keeps relative accuracy where 1 − cdf underflows', () => {
    // Q(3/2, 50) = 2Φ(−10) + e^{−50} · √50 / Γ(3/2); mpmath.gammainc(1.5, 50, regularized=True) at 30 digits.
    expect(chiSquareUpperTail(100, 3) / 1.554159431389605e-21).toBeCloseTo(1, 13);
    expect(chiSquareUpperTail(2000, 1500)).toBeGreaterThan(0);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
  });
});
