import type { QueryPlan } from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';
import { BoundedKeyValueCache, documentBytes, MIB, planBytes, type CacheStats } from './bounded-cache';

/** Default sizes (MiB of estimated heap) of the gateway's per-operation caches; one place. */
export const DEFAULT_CACHE_MIB = { documents: 30, queryPlans: 30, authorization: 16 } as const;

export interface OperationCacheOptions {
  /** Parsed and validated documents (Apollo Server's `documentStore`). */
  documentCacheMiB?: number;
  /** Query plans: the plan executor's prepared operations, and Apollo Gateway's plans (each this size). */
  queryPlanCacheMiB?: number;
  /** Authorization plans per (operation, caller permissions). */
  authorizationCacheMiB?: number;
}

/** What each per-operation cache holds now: entries and estimated bytes against its bound. */
export interface GatewayCacheStats {
  documents: CacheStats;
  apolloPlans: CacheStats;
  preparedPlans?: CacheStats;
  authorization: CacheStats;
}

/**
 * The caches Apollo Server and Apollo Gateway would otherwise create themselves with sizes counted in JSON
 * bytes (4–10× below their real heap cost: ./bounded-cache.ts). A flood of distinct operations fills each
 * to its bound, then the least recently used go; the hot operations of a steady workload stay cached.
 */
export function createOperationCaches(options: OperationCacheOptions) {
  const documents = new BoundedKeyValueCache<DocumentNode>(
    (options.documentCacheMiB ?? DEFAULT_CACHE_MIB.documents) * MIB,
    documentBytes,
  );
  const apolloPlans = new BoundedKeyValueCache<QueryPlan>(
    (options.queryPlanCacheMiB ?? DEFAULT_CACHE_MIB.queryPlans) * MIB,
    planBytes,
  );
  return {
    documents,
    apolloPlans,
    queryPlanCacheMiB: options.queryPlanCacheMiB ?? DEFAULT_CACHE_MIB.queryPlans,
    authorizationCacheMiB: options.authorizationCacheMiB ?? DEFAULT_CACHE_MIB.authorization,
  };
}
