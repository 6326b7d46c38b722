import { benjaminiHochberg } from '../../src/multiple-testing';
import { expectAllClose, loadFixture, valuesOf } from './fixtures';

type Case = { name: string; pValues: number[]; expected: number[] };
type RCase = { name: string; expected: number[] };

const fixture = loadFixture<Case[]>('benjamini-hochberg');
const r = loadFixture<{ benjaminiHochberg: RCase[] }>('r-crosscheck');

// scipy 1.10 predates false_discovery_control; the generator carries scipy 1.11's implementation verbatim.
describe(`benjaminiHochberg vs scipy.stats.false_discovery_control (1.11 code, numpy ${fixture.generator.numpy})`, () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { adjusted } = valuesOf(benjaminiHochberg(c.pValues), c.name);
    expectAllClose(adjusted, c.expected, c.name);
  });
});

describe(`benjaminiHochberg vs R ${r.generator.R} p.adjust(method = "BH")`, () => {
  it.each(r.cases.benjaminiHochberg.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const input = fixture.cases.find((f) => f.name === name)!;
    const { adjusted } = valuesOf(benjaminiHochberg(input.pValues), name);
    expectAllClose(adjusted, c.expected, name);
  });
});
