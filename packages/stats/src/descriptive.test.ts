import { describe as describeSample, quantileOfSorted, sampleMoments } from './descriptive';
import { computedValues, expectNotComputable } from './test-support/expect-result';

describe('describe', () => {
  it('summarizes a sample (hand-checked)', () => {
    expect(describeSample([9, 2, 4, 4, 4, 5, 5, 7])).toEqual({
      computable: true,
      n: 8,
      mean: 5,
      sd: Math.sqrt(32 / 7),
      variance: 32 / 7,
      median: 4.5,
      q1: 4,
      q3: 5.5,
      min: 2,
      max: 9,
    });
  });

  it('accepts typed arrays', () => {
    expect(computedValues(describeSample(new Float32Array([1, 2, 3]))).median).toBe(2);
  });

  it('reports sd and variance as null for a single value', () => {
    expect(computedValues(describeSample([3.5]))).toMatchObject({
      n: 1,
      mean: 3.5,
      sd: null,
      variance: null,
      q1: 3.5,
    });
  });

  it('refuses empty and non-finite input', () => {
    expectNotComputable(describeSample([]), /no values/);
    expectNotComputable(describeSample([1, NaN]), /non-finite value \(NaN\) at index 1/);
    expectNotComputable(describeSample([Infinity, 1]), /non-finite value \(Infinity\) at index 0/);
  });
});

describe('sampleMoments', () => {
  it('reads a slice without copying', () => {
    const row = new Float32Array([100, 1, 2, 3, 100]);
    expect(sampleMoments(row, 1, 4)).toEqual({ computable: true, n: 3, mean: 2, variance: 1 });
  });

  it('refuses slices with fewer than 2 values, bad bounds and non-finite values', () => {
    expectNotComputable(sampleMoments([1, 2, 3], 2, 3), /at least 2 values/);
    expectNotComputable(sampleMoments([1, 2, 3], 0, 9), /at least 2 values/);
    expectNotComputable(sampleMoments([], 0, 0), /at least 2 values/);
    expectNotComputable(sampleMoments([1, NaN, 3]), /non-finite/);
  });
});

describe('quantileOfSorted', () => {
  it('interpolates linearly between order statistics (numpy default)', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileOfSorted([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantileOfSorted([5], 0.75)).toBe(5);
  });
});
