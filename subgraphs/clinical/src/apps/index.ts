import type { AppDefinition } from '@mesh/product-kit';
import type { ClinicalStorage } from '../storage';
import { cohortSummaryApp } from './cohort-summary';
import { compareCohortsApp } from './compare-cohorts';
import { correlationApp } from './correlation';

/** Every app of the clinical product: metadata served through clinicalProduct.apps. */
export function clinicalApps(storage: ClinicalStorage): AppDefinition[] {
  return [
    cohortSummaryApp(storage.variables),
    compareCohortsApp(storage.variables),
    correlationApp(storage.variables),
  ];
}

export { runCohortSummary } from './cohort-summary';
export { runCompareCohorts } from './compare-cohorts';
export { runCorrelation } from './correlation';
