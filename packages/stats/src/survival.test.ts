import { kaplanMeier } from './kaplan-meier';
import { logRankTest } from './log-rank';
import { computedValues, expectNotComputable } from './test-support/expect-result';

describe('kaplanMeier', () => {
  it('steps at every distinct time, events before censorings at the same time', () => {
    const km = computedValues(kaplanMeier([3, 1, 2, 2, 4], [true, 1, 1, 0, false]));
    expect(km.steps.map((s) => [s.time, s.nAtRisk, s.nEvents, s.nCensored])).toEqual([
      [1, 5, 1, 0],
      [2, 4, 1, 1],
      [3, 2, 1, 0],
      [4, 1, 0, 1],
    ]);
    expect(km.steps.map((s) => s.survival)).toEqual([
      0.8, 0.6000000000000001, 0.30000000000000004, 0.30000000000000004,
    ]);
    expect(km.median).toBe(3);
  });

  it('reports undefined parts as null, never NaN: survival 1 has no log-log limits, survival 0 no SE', () => {
    const km = computedValues(kaplanMeier([1, 2, 3], [0, 1, 1]));
    expect(km.steps[0]).toMatchObject({ survival: 1, standardError: 0, lower: null, upper: null });
    expect(km.steps[2]).toMatchObject({ survival: 0, standardError: null, lower: null, upper: null });
    expect(km.medianUpper).toBeNull();
  });

  it('returns a null median when survival never falls to 0.5', () => {
    expect(computedValues(kaplanMeier([1, 2, 3, 4], [1, 0, 0, 0])).median).toBeNull();
  });

  it('refuses degenerate samples', () => {
    expectNotComputable(kaplanMeier([], []), /no subjects/);
    expectNotComputable(kaplanMeier([1, 2], [1]), /same length \(got 2 and 1\)/);
    expectNotComputable(kaplanMeier([1, 2, 3], [0, 0, false]), /every observation is censored/);
    expectNotComputable(kaplanMeier([1, NaN], [1, 1]), /time at index 1 is NaN/);
    expectNotComputable(kaplanMeier([1, Infinity], [1, 1]), /time at index 1 is Infinity/);
    expectNotComputable(kaplanMeier([-1, 2], [1, 1]), /≥ 0/);
    expectNotComputable(kaplanMeier([1, 2], [1, 2]), /event at index 1 is 2/);
    expectNotComputable(kaplanMeier([1, 2], [1, 1], { confidence: 95 }), /confidence level/);
  });
});

describe('logRankTest', () => {
  const a = { times: [1, 3, 5, 7, 9], events: [1, 1, 0, 1, 1] };
  const b = { times: [2, 4, 6, 8, 10, 12], events: [0, 1, 0, 0, 1, 0] };

  it('balances observed and expected events over all groups', () => {
    const result = computedValues(logRankTest([a, b]));
    const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);
    expect(sum(result.observed)).toBe(6);
    expect(sum(result.expected)).toBeCloseTo(6, 12);
    expect(result.n).toEqual([5, 6]);
    expect(result.df).toBe(1);
  });

  it('drops groups in which nobody could have an event (as R), reducing df', () => {
    const late = { times: [50, 60], events: [0, 1] }; // at risk only after every other event
    const result = computedValues(logRankTest([a, b, { times: [0.5], events: [0] }]));
    expect(result.df).toBe(1);
    expect(result.expected[2]).toBe(0);
    expect(computedValues(logRankTest([a, b, late])).df).toBe(2);
  });

  it('refuses degenerate designs', () => {
    expectNotComputable(logRankTest([a]), /at least 2 groups \(got 1\)/);
    expectNotComputable(logRankTest([a, { times: [], events: [] }]), /group 1 has no subjects/);
    expectNotComputable(
      logRankTest([a, { times: [1, 2], events: [1] }]),
      /group 1: times and events must have the same length/,
    );
    expectNotComputable(
      logRankTest([a, { times: [1, NaN], events: [1, 1] }]),
      /group 1: time at index 1 is NaN/,
    );
    expectNotComputable(
      logRankTest([
        { times: [1, 2], events: [0, 0] },
        { times: [3], events: [0] },
      ]),
      /no events in any group/,
    );
    expectNotComputable(
      logRankTest([
        { times: [1, 2], events: [1, 1] },
        { times: [0.5], events: [0] },
      ]),
      /fewer than 2 groups have subjects at risk/,
    );
  });
});
