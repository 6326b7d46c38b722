import { LRUCache } from 'lru-cache';
import type { DocumentNode } from 'graphql';

/*
 * Every per-operation cache of the gateway is an LRU bounded by an estimate of its real heap cost. The
 * estimates are calibrated, not guessed: heap used (after GC) per entry, over 2,000 distinct operations of
 * five shapes (a 40-character query, nested cross-product queries, 25 aliases, the same without and with
 * whitespace), divided by the JSON size of the document or plan. A parsed document costs 3.9–4.6× its JSON
 * (graphql-js keeps every token and location, and the source text), an Apollo query plan 6.3–10.6× its
 * JSON (plus a fixed part that shows on small plans). The factors below round those up, so a cache's real
 * size stays at or under its setting. Apollo's own defaults count JSON bytes, 4–10× below the real cost:
 * that is how "30 MiB" caches held over 200 MB under a flood of distinct operations.
 */
const DOCUMENT_FACTOR = 5;
const PLAN_FACTOR = 7;
// Headroom over the measured ~1.1 KB fixed cost of a tiny plan: heap measurements vary a few % between runs.
const PLAN_BASE_BYTES = 1_500;
/** Key strings, the LRU's own slots, a small record. */
export const ENTRY_BASE_BYTES = 256;

/** Approximate heap bytes of a parsed (and validated) document. */
export function documentBytes(document: DocumentNode): number {
  return DOCUMENT_FACTOR * JSON.stringify(document).length + ENTRY_BASE_BYTES;
}

/** Approximate heap bytes of a query plan (Apollo's `QueryPlan`, as built by its query planner). */
export function planBytes(plan: unknown): number {
  return PLAN_FACTOR * JSON.stringify(plan).length + PLAN_BASE_BYTES;
}

export const MIB = 1_048_576;

export interface CacheStats {
  entries: number;
  /** Sum of the entries' estimated sizes. */
  bytes: number;
  maxBytes: number;
}

/**
 * Apollo's `KeyValueCache` over `lru-cache`, bounded by estimated bytes: Apollo Server's `documentStore`
 * and Apollo Gateway's query-plan store (`queryPlannerConfig.cache`) take one of these.
 */
export class BoundedKeyValueCache<V extends NonNullable<unknown>> {
  private readonly cache: LRUCache<string, V>;

  constructor(
    readonly maxBytes: number,
    sizeOf: (value: V, key: string) => number,
  ) {
    this.cache = new LRUCache<string, V>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => Math.max(1, Math.ceil(sizeOf(value, key) + 2 * key.length)),
    });
  }

  async get(key: string): Promise<V | undefined> {
    return this.cache.get(key);
  }

  async set(key: string, value: V): Promise<void> {
    this.cache.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.cache.delete(key);
  }

  /** Apollo Gateway clears its plan store when the supergraph changes. */
  clear(): void {
    this.cache.clear();
  }

  stats(): CacheStats {
    return { entries: this.cache.size, bytes: this.cache.calculatedSize, maxBytes: this.maxBytes };
  }
}
