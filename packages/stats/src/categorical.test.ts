import { chiSquareTest, fisherExactTest } from './categorical';
import { computedValues, expectNotComputable } from './test-support/expect-result';

describe('chiSquareTest', () => {
  it('computes a hand-checked 2×2 table without correction', () => {
    // Expected counts are all 25; χ² = 4 · (5² / 25) = 4.
    const result = computedValues(
      chiSquareTest(
        [
          [30, 20],
          [20, 30],
        ],
        { yates: false },
      ),
    );
    expect(result.statistic).toBeCloseTo(4, 12);
    expect(result.df).toBe(1);
    expect(result.pValue).toBeCloseTo(0.0455002638963584, 14);
    expect(result.expected).toEqual([
      [25, 25],
      [25, 25],
    ]);
    expect(result.cramersV).toBeCloseTo(0.2, 14);
    expect(result.sparse).toBe(false);
  });

  it('applies Yates by default on 2×2 only, and never past the expected count', () => {
    expect(
      computedValues(
        chiSquareTest([
          [30, 20],
          [20, 30],
        ]),
      ).statistic,
    ).toBeCloseTo(4 * (4.5 ** 2 / 25), 12);
    expect(
      computedValues(
        chiSquareTest([
          [10, 20, 30],
          [15, 15, 40],
        ]),
      ).yatesApplied,
    ).toBe(false);
    // |observed − expected| = 0.25 < 0.5: the corrected statistic is 0, not negative or overshooting.
    expect(
      computedValues(
        chiSquareTest([
          [5, 5],
          [5, 6],
        ]),
      ).statistic,
    ).toBe(0);
  });

  it('flags sparse tables so the caller can switch to Fisher', () => {
    const result = computedValues(
      chiSquareTest([
        [3, 1],
        [1, 3],
      ]),
    );
    expect(result).toMatchObject({ sparse: true, minExpected: 2, cellsWithExpectedBelow5: 4 });
  });

  it('refuses tables it cannot test', () => {
    expectNotComputable(chiSquareTest([]), /empty/);
    expectNotComputable(chiSquareTest([[1, 2, 3]]), /at least 2 rows and 2 columns/);
    expectNotComputable(chiSquareTest([[1], [2]]), /at least 2 rows and 2 columns/);
    expectNotComputable(chiSquareTest([[1, 2], [3]]), /same number of columns/);
    expectNotComputable(
      chiSquareTest([
        [0, 0],
        [3, 4],
      ]),
      /row 0 is empty/,
    );
    expectNotComputable(
      chiSquareTest([
        [0, 2],
        [0, 4],
      ]),
      /column 0 is empty/,
    );
    expectNotComputable(
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]),
      /cell \[0\]\[1\] = -2/,
    );
    expectNotComputable(
      chiSquareTest([
        [1, NaN],
        [3, 4],
      ]),
      /cell \[0\]\[1\] = NaN/,
    );
    expectNotComputable(
      chiSquareTest([
        [1, 2],
        [Infinity, 4],
      ]),
      /cell \[1\]\[0\] = Infinity/,
    );
  });
});

describe('fisherExactTest', () => {
  it("reproduces Fisher's tea-tasting experiment", () => {
    // P(X ≥ 3) = (16 + 1) / 70; two-sided adds the equally likely 1 and 0: (1 + 16 + 16 + 1) / 70.
    const result = computedValues(
      fisherExactTest([
        [3, 1],
        [1, 3],
      ]),
    );
    expect(result.pValueGreater).toBeCloseTo(17 / 70, 15);
    expect(result.pValue).toBeCloseTo(34 / 70, 15);
    expect(result.oddsRatio).toBe(9);
  });

  it('reports an infinite sample odds ratio as null and keeps a finite Haldane estimate', () => {
    const result = computedValues(
      fisherExactTest([
        [5, 0],
        [0, 5],
      ]),
    );
    expect(result.oddsRatio).toBeNull();
    expect(result.oddsRatioHaldane).toBeCloseTo((5.5 * 5.5) / (0.5 * 0.5), 12);
    expect(result.pValue).toBeCloseTo(2 / 252, 15);
  });

  it('refuses non-2×2 tables, empty margins and non-integer counts', () => {
    expectNotComputable(
      fisherExactTest([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      /needs a 2×2 table/,
    );
    expectNotComputable(fisherExactTest([[1, 2]]), /needs a 2×2 table/);
    expectNotComputable(
      fisherExactTest([
        [0, 0],
        [1, 2],
      ]),
      /row 0 is empty/,
    );
    expectNotComputable(
      fisherExactTest([
        [1, 0],
        [2, 0],
      ]),
      /column 1 is empty/,
    );
    expectNotComputable(
      fisherExactTest([
        [1.5, 2],
        [3, 4],
      ]),
      /non-negative integer/,
    );
    expectNotComputable(
      fisherExactTest([
        [1, 2],
        [3, NaN],
      ]),
      /non-negative integer/,
    );
  });
});
