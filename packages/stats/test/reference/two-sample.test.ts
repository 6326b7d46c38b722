import { mannWhitneyU, welchTTest } from '../../src/two-sample';
import { EXACT, expectClose, loadFixture, valuesOf } from './fixtures';

type Sample = { name: string; a: number[]; b: number[] };
type WelchCase = Sample & {
  expected: Record<
    't' | 'df' | 'pValue' | 'meanDifference' | 'standardError' | 'ciLow' | 'ciHigh' | 'hedgesG',
    number
  >;
};
type MannWhitneyCase = Sample & { expected: { u: number; pValue: number; rankBiserial: number } };
type RWelch = { name: string; expected: Record<'t' | 'df' | 'pValue' | 'ciLow' | 'ciHigh', number> };

const welch = loadFixture<WelchCase[]>('welch');
const mannWhitney = loadFixture<MannWhitneyCase[]>('mann-whitney');
const r = loadFixture<{ welch: RWelch[] }>('r-crosscheck');

/*
 * Tolerance 1e-8 (not 1e-9) for the CI limits against scipy only: scipy 1.10's t.ppf (Cephes stdtrit) is off by
 * up to ~2.5e-9 relative (t.ppf(0.975, 42.941…) = 2.01677204562 vs 2.01677205074 from mpmath at 40 digits, R's
 * qt and stdlib). The R t.test cross-check below holds the same limits to 1e-9.
 */
const SCIPY_110_T_PPF = 1e-8;

describe(`welchTTest vs scipy ${welch.generator.scipy}`, () => {
  it.each(welch.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = valuesOf(welchTTest(c.a, c.b), c.name);
    for (const key of Object.keys(c.expected) as Array<keyof WelchCase['expected']>) {
      const tolerance = key === 'ciLow' || key === 'ciHigh' ? SCIPY_110_T_PPF : EXACT;
      expectClose(result[key], c.expected[key], `${c.name}.${key}`, tolerance);
    }
  });
});

describe(`welchTTest vs R ${r.generator.R} t.test`, () => {
  it.each(r.cases.welch.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const input = welch.cases.find((w) => w.name === name)!;
    const result = valuesOf(welchTTest(input.a, input.b), name);
    for (const key of Object.keys(c.expected) as Array<keyof RWelch['expected']>) {
      expectClose(result[key], c.expected[key], `${name}.${key}`);
    }
  });
});

describe(`mannWhitneyU vs scipy ${mannWhitney.generator.scipy} (asymptotic, continuity)`, () => {
  it.each(mannWhitney.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = valuesOf(mannWhitneyU(c.a, c.b), c.name);
    for (const key of Object.keys(c.expected) as Array<keyof MannWhitneyCase['expected']>) {
      expectClose(result[key], c.expected[key], `${c.name}.${key}`);
    }
  });
});
