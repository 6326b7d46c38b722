import type { AnalysisFrame } from '../storage/analysis-frame';
import type { CohortRow } from '../storage/cohort-storage';
import type { Context } from '../resolvers/context';

/** A cohort with its members resolved to frame slots. */
export interface LoadedCohort {
  row: CohortRow;
  ids: string[];
  slots: number[];
}

export async function loadCohort(
  row: CohortRow,
  context: Context,
  frame: AnalysisFrame,
): Promise<LoadedCohort> {
  const ids = await context.storage.cohorts.members(row);
  return { row, ids, slots: ids.map((id) => frame.index.get(id)!).filter((slot) => slot !== undefined) };
}

export function cohortParameters(cohort: LoadedCohort) {
  return { name: cohort.row.name, definition: cohort.row.definition, size: cohort.ids.length };
}
