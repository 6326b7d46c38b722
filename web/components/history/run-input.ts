import { Kind, parse } from 'graphql';

/** What a recorded run was asked (pure): its kind of operation, and its cohort when it ran on one. */

export interface RunInput {
  operation: string;
  variables: Record<string, unknown>;
  result?: unknown;
}

const COHORT_ID = /^cohort\.v1\.[A-Za-z0-9_-]+$/;
const MAX_DEPTH = 12;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first clinical Cohort id inside a value (e.g. `data.cohort.id`). */
export function findCohortId(value: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH) return null;
  if (typeof value === 'string') return COHORT_ID.test(value) ? value : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const found = findCohortId(child, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The cohort a run was asked about: the object variable bound to a `criteria:` argument (as in
 * `cohort(criteria: $criteria)`), else a `criteria` variable; with the Cohort id its result carries.
 * Null for runs on two groups or on inline criteria.
 */
export function cohortOfRun(
  run: RunInput,
): { criteria: Record<string, unknown>; cohortId: string | null } | null {
  const bound = [...run.operation.matchAll(/\bcriteria\s*:\s*\$([_A-Za-z][_0-9A-Za-z]*)/g)].map(
    (match) => match[1]!,
  );
  const names = [...new Set(bound)];
  const candidates = names.length === 1 ? names : names.length === 0 ? ['criteria'] : [];
  for (const name of candidates) {
    const value = run.variables[name];
    if (isRecord(value)) return { criteria: value, cohortId: findCohortId(run.result) };
  }
  return null;
}

/**
 * `query`, `mutation` or `subscription` for the operation a run would send (the named one when the text holds
 * several); null when the text does not parse or names no such operation.
 */
export function operationTypeOf(operation: string, operationName?: string | null): string | null {
  try {
    const operations = parse(operation).definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const chosen = operationName
      ? operations.find((definition) => definition.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    return chosen?.operation ?? null;
  } catch {
    return null;
  }
}
