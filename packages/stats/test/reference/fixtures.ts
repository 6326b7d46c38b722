import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatResult } from '../../src/result';

/** A fixture file written by generate-scipy-fixtures.py or generate-r-fixtures.R. */
export type Fixture<Cases> = { generator: Record<string, string>; cases: Cases };

export function loadFixture<Cases>(name: string): Fixture<Cases> {
  return JSON.parse(readFileSync(join(__dirname, `${name}.json`), 'utf8')) as Fixture<Cases>;
}

/** Relative tolerance where the reference computes the same closed form or algorithm as we do. */
export const EXACT = 1e-9;

/**
 * Absolute floor added to every comparison: a quantity whose true value is 0 (a mean difference of two
 * equal means, a t of 0) can only be reproduced to rounding of its O(1) ingredients, ~1e-16 absolute.
 */
const ABSOLUTE_FLOOR = 1e-14;

/** |actual − expected| ≤ relative·|expected| + 1e-14; a null expectation (R's NA, scipy's inf) must be null. */
export function expectClose(
  actual: number | null | undefined,
  expected: number | null,
  label: string,
  relative = EXACT,
): void {
  if (expected === null) {
    if (actual !== null) throw new Error(`${label}: expected null, got ${actual}`);
    return;
  }
  if (typeof actual !== 'number') throw new Error(`${label}: expected ${expected}, got ${actual}`);
  const error = Math.abs(actual - expected);
  const allowed = relative * Math.abs(expected) + ABSOLUTE_FLOOR;
  if (!(error <= allowed)) {
    const rel = expected === 0 ? Infinity : error / Math.abs(expected);
    throw new Error(
      `${label}: got ${actual}, expected ${expected} (relative error ${rel.toExponential(2)} > ${relative})`,
    );
  }
}

export function expectAllClose(
  actual: ArrayLike<number | null>,
  expected: ReadonlyArray<number | null>,
  label: string,
  relative = EXACT,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i]!, `${label}[${i}]`, relative);
}

/** Narrows a result to its computed branch, failing the test with the library's reason otherwise. */
export function valuesOf<T>(result: StatResult<T>, label: string): T {
  if (!result.computable) throw new Error(`${label}: not computable: ${result.reason}`);
  return result;
}
