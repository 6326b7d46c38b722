import { kaplanMeier } from '../../src/kaplan-meier';
import { logRankTest } from '../../src/log-rank';
import { expectAllClose, expectClose, loadFixture, valuesOf } from './fixtures';

type Group = { times: number[]; events: number[] };
type KaplanMeierCase = Group & {
  name: string;
  confidence: number;
  expected: {
    time: number[];
    nAtRisk: number[];
    nEvents: number[];
    nCensored: number[];
    survival: number[];
    standardError: Array<number | null>;
    lower: Array<number | null>;
    upper: Array<number | null>;
    median: number | null;
    medianLower: number | null;
    medianUpper: number | null;
  };
};
type LogRankCase = {
  name: string;
  groups: Group[];
  expected: { statistic: number; df: number; pValue: number; observed: number[]; expected: number[] };
};

const fixture = loadFixture<{ kaplanMeier: KaplanMeierCase[]; logRank: LogRankCase[] }>('survival');
const versions = `R ${fixture.generator.R}, survival ${fixture.generator.survival}`;

describe(`kaplanMeier vs survfit(conf.type = "log-log") (${versions})`, () => {
  it.each(fixture.cases.kaplanMeier.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const km = valuesOf(kaplanMeier(c.times, c.events, { confidence: c.confidence }), c.name);
    const column = <K extends keyof (typeof km.steps)[number]>(key: K) => km.steps.map((s) => s[key]);
    expect(column('time')).toEqual(c.expected.time);
    expect(column('nAtRisk')).toEqual(c.expected.nAtRisk);
    expect(column('nEvents')).toEqual(c.expected.nEvents);
    expect(column('nCensored')).toEqual(c.expected.nCensored);
    expectAllClose(column('survival'), c.expected.survival, `${c.name}.survival`);
    expectAllClose(column('standardError'), c.expected.standardError, `${c.name}.standardError`);
    expectAllClose(column('lower'), c.expected.lower, `${c.name}.lower`);
    expectAllClose(column('upper'), c.expected.upper, `${c.name}.upper`);
    expectClose(km.median, c.expected.median, `${c.name}.median`);
    expectClose(km.medianLower, c.expected.medianLower, `${c.name}.medianLower`);
    expectClose(km.medianUpper, c.expected.medianUpper, `${c.name}.medianUpper`);
  });
});

describe(`logRankTest vs survdiff(rho = 0) (${versions})`, () => {
  it.each(fixture.cases.logRank.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = valuesOf(logRankTest(c.groups), c.name);
    expectClose(result.statistic, c.expected.statistic, `${c.name}.statistic`);
    expectClose(result.pValue, c.expected.pValue, `${c.name}.pValue`);
    expect(result.df).toBe(c.expected.df);
    expectAllClose(result.observed, c.expected.observed, `${c.name}.observed`);
    expectAllClose(result.expected, c.expected.expected, `${c.name}.expected`);
    expect(result.n).toEqual(c.groups.map((g) => g.times.length));
  });
});
