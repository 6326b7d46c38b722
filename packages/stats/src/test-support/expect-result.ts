import type { StatResult } from '../result';

/** Asserts a degenerate input was refused with a readable reason (matching `reason`), not NaN or a throw. */
export function expectNotComputable<T>(result: StatResult<T>, reason: RegExp): void {
  expect(result).toEqual({ computable: false, reason: expect.stringMatching(reason) });
}

/** Narrows to the computed branch, failing with the library's reason otherwise. */
export function computedValues<T>(result: StatResult<T>): T {
  if (!result.computable) throw new Error(`not computable: ${result.reason}`);
  return result;
}
