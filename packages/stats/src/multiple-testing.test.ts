import { benjaminiHochberg } from './multiple-testing';
import { computedValues, expectNotComputable } from './test-support/expect-result';

describe('benjaminiHochberg', () => {
  it('adjusts a hand-checked example and keeps the input order', () => {
    // sorted: 0.01·4/1 = 0.04, 0.02·4/2 = 0.04, 0.03·4/3 = 0.04, 0.5·4/4 = 0.5
    const { adjusted } = computedValues(benjaminiHochberg([0.5, 0.03, 0.01, 0.02]));
    [0.5, 0.04, 0.04, 0.04].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 15));
  });

  it('is monotone in p and capped at 1 on 20,000 values', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const p = Array.from({ length: 20_000 }, (_, i) => (i % 10 === 0 ? random() ** 6 : random()));
    const { adjusted } = computedValues(benjaminiHochberg(p));
    const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]!);
    for (let k = 1; k < order.length; k++) {
      expect(adjusted[order[k]!]! >= adjusted[order[k - 1]!]!).toBe(true);
    }
    expect(adjusted.every((q, i) => q >= p[i]! && q <= 1)).toBe(true);
  });

  it('refuses empty input and values outside [0, 1]', () => {
    expectNotComputable(benjaminiHochberg([]), /no p-values/);
    expectNotComputable(benjaminiHochberg([0.1, NaN]), /index 1 is NaN/);
    expectNotComputable(benjaminiHochberg([1.2]), /must lie in \[0, 1\]/);
    expectNotComputable(benjaminiHochberg([-0.1]), /must lie in \[0, 1\]/);
    expectNotComputable(benjaminiHochberg([Infinity]), /must lie in \[0, 1\]/);
  });
});
