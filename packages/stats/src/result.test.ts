import { computed, nonFiniteReason } from './result';

describe('computed', () => {
  it('passes finite values and nulls through', () => {
    expect(computed({ a: 1, b: null, c: [1, 2], d: { e: new Float64Array([3]) } })).toEqual({
      computable: true,
      a: 1,
      b: null,
      c: [1, 2],
      d: { e: new Float64Array([3]) },
    });
  });

  it.each([NaN, Infinity, -Infinity])('turns a stray %s anywhere in the result into a reason', (bad) => {
    expect(computed({ steps: [{ ok: 1 }, { se: bad }] })).toEqual({
      computable: false,
      reason: 'numerical problem: steps[1].se is not finite',
    });
    expect(computed({ adjusted: new Float64Array([0.1, bad]) })).toMatchObject({ computable: false });
  });
});

describe('nonFiniteReason', () => {
  it('names the first bad position', () => {
    expect(nonFiniteReason([1, 2, NaN], 'x')).toBe('x contains a non-finite value (NaN) at index 2');
    expect(nonFiniteReason(new Float32Array([1, 2]), 'x')).toBeNull();
  });
});
