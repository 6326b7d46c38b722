/**
 * Every function in this library returns a `StatResult`: either the computed values or the reason they cannot be
 * computed. Degenerate inputs are normal in analysis pipelines (a cohort filter leaves one patient, a gene is
 * constant), so they are an expected outcome the caller must branch on, never NaN, Infinity or a throw.
 */
export type NotComputable = { readonly computable: false; readonly reason: string };
export type Computed<T> = { readonly computable: true } & T;
export type StatResult<T> = Computed<T> | NotComputable;

/** Numeric input accepted everywhere: plain arrays and typed arrays (a Float32Array row of a matrix, say). */
export type Numbers = ArrayLike<number>;

export function notComputable(reason: string): NotComputable {
  return { computable: false, reason };
}

/**
 * Last line of defence for the "never NaN or Infinity" promise: if a numeric field is not finite despite the
 * input checks (an overflow we did not foresee), the caller gets a reason naming the field instead of a silent
 * NaN. `null` is allowed: it is how a result says "this part is undefined" (e.g. a median survival not reached).
 */
export function computed<T extends object>(values: T): StatResult<T> {
  const bad = findNonFinite(values, '');
  if (bad !== null) return notComputable(`numerical problem: ${bad} is not finite`);
  return { computable: true, ...values };
}

function findNonFinite(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || 'value';
  if (value === null || typeof value !== 'object') return null;
  if (ArrayBuffer.isView(value)) {
    const view = value as unknown as ArrayLike<number>;
    for (let i = 0; i < view.length; i++) if (!Number.isFinite(view[i])) return `${path}[${i}]`;
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonFinite(value[i], `${path}[${i}]`);
      if (bad !== null) return bad;
    }
    return null;
  }
  for (const [key, field] of Object.entries(value)) {
    const bad = findNonFinite(field, path ? `${path}.${key}` : key);
    if (bad !== null) return bad;
  }
  return null;
}

/** Reason string when `values` holds a NaN or ±Infinity, else null. Names the position so the caller can find it. */
export function nonFiniteReason(values: Numbers, label: string): string | null {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      return `${label} contains a non-finite value (${values[i]}) at index ${i}`;
  }
  return null;
}

/** Reason string when `values` has fewer than `minimum` elements, else null. */
export function tooFewReason(values: Numbers, minimum: number, label: string): string | null {
  if (values.length >= minimum) return null;
  return `${label} has ${values.length} value${values.length === 1 ? '' : 's'}; at least ${minimum} are needed`;
}

export function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

/** Validates a confidence level option once, so every function rejects the same bad values the same way. */
export function confidenceReason(level: number): string | null {
  return level > 0 && level < 1 ? null : `confidence level must be strictly between 0 and 1 (got ${level})`;
}
