import { hypergeometricEnrichment } from './enrichment';
import { computedValues, expectNotComputable } from './test-support/expect-result';

describe('hypergeometricEnrichment', () => {
  it('computes a hand-checked tail', () => {
    // N = 10, K = 4, n = 3, k = 3: P(X = 3) = C(4,3) / C(10,3) = 4 / 120.
    const result = computedValues(
      hypergeometricEnrichment({ universe: 10, setSize: 4, selected: 3, overlap: 3 }),
    );
    expect(result.pValue).toBeCloseTo(4 / 120, 15);
    expect(result.expected).toBeCloseTo(1.2, 15);
    expect(result.foldEnrichment).toBeCloseTo(2.5, 14);
  });

  it('gives p = 1 at zero overlap', () => {
    expect(
      computedValues(hypergeometricEnrichment({ universe: 100, setSize: 5, selected: 5, overlap: 0 })).pValue,
    ).toBe(1);
  });

  it('refuses impossible or empty inputs', () => {
    const ok = { universe: 100, setSize: 10, selected: 20, overlap: 3 };
    expectNotComputable(
      hypergeometricEnrichment({ ...ok, universe: 0, setSize: 0, selected: 0, overlap: 0 }),
      /universe is empty/,
    );
    expectNotComputable(hypergeometricEnrichment({ ...ok, setSize: 0, overlap: 0 }), /the set is empty/);
    expectNotComputable(
      hypergeometricEnrichment({ ...ok, selected: 0, overlap: 0 }),
      /the selection is empty/,
    );
    expectNotComputable(hypergeometricEnrichment({ ...ok, setSize: 101 }), /exceeds the universe/);
    expectNotComputable(hypergeometricEnrichment({ ...ok, selected: 101 }), /exceeds the universe/);
    expectNotComputable(hypergeometricEnrichment({ ...ok, overlap: 11 }), /overlap 11 is impossible/);
    expectNotComputable(
      hypergeometricEnrichment({ universe: 10, setSize: 8, selected: 8, overlap: 5 }),
      /impossible/,
    );
    expectNotComputable(
      hypergeometricEnrichment({ ...ok, overlap: 2.5 }),
      /overlap must be a non-negative integer/,
    );
    expectNotComputable(hypergeometricEnrichment({ ...ok, universe: NaN }), /universe must be/);
  });
});
