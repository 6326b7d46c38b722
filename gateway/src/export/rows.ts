import type { Column, ExportPlan } from './plan';

/** A value at `keys` under `value`; undefined when anything on the way is null or missing. */
export function valueAt(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The flat rows of one element of the exported list: one row, or with `explode` one row per innermost
 * element of the exploded lists (parent columns repeated). An empty or null exploded list still gives one
 * row, with its columns empty, so no parent disappears from the export.
 */
export function* flattenElement(element: unknown, plan: Pick<ExportPlan, 'explodeSteps' | 'columns'>) {
  const bound: unknown[] = [element];
  const levels = plan.explodeSteps.length;
  function* expand(level: number): Generator<unknown[]> {
    if (level === levels) {
      yield plan.columns.map((column: Column) =>
        bound[column.level] === undefined ? undefined : valueAt(bound[column.level], column.rest),
      );
      return;
    }
    const list = bound[level] === undefined ? undefined : valueAt(bound[level], plan.explodeSteps[level]!);
    if (!Array.isArray(list) || list.length === 0) {
      for (let rest = level + 1; rest <= levels; rest++) bound[rest] = undefined;
      yield* expand(levels);
      return;
    }
    for (const item of list) {
      bound[level + 1] = item;
      yield* expand(level + 1);
    }
  }
  yield* expand(0);
}
