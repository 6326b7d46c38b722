/** What one operation's entry in a usage report looks like on the wire (`POST /usage`). */
export interface UsageReportEntry {
  operationName: string | null;
  /** The operation text, or its first `maxBodyChars` characters (then `hash` and `bodyChars` are set). */
  body: string;
  /** SHA-256 (hex) of the full text; set when `body` is truncated so distinct long operations stay distinct. */
  hash?: string;
  bodyChars?: number;
  client: { name: string; version: string };
  coordinates: string[];
  count: number;
  at: string;
}

/** Limits that keep every request well under the registry's (MAX_BODY_BYTES 2 MiB, 10,000 reports). */
export interface UsageBatchLimits {
  /** Longest operation text sent whole (default 65,536): the coordinates are what checks need. */
  maxBodyChars: number;
  /** Largest request body, in bytes of JSON (default 1 MiB). */
  maxBatchBytes: number;
  /** Most operations per request (default 1,000). */
  maxBatchOperations: number;
}

export const DEFAULT_USAGE_BATCH_LIMITS: UsageBatchLimits = {
  maxBodyChars: 65_536,
  maxBatchBytes: 1_048_576,
  maxBatchOperations: 1_000,
};

/** An operation text longer than the cap is sent as a prefix with the full text's hash and length. */
export function capBody(entry: UsageReportEntry, hash: string, maxBodyChars: number): UsageReportEntry {
  if (entry.body.length <= maxBodyChars) return entry;
  return { ...entry, body: entry.body.slice(0, maxBodyChars), hash, bodyChars: entry.body.length };
}

/**
 * Splits reports into requests under the byte and count limits, so no single request (and no single
 * oversized operation) can make the registry refuse everyone else's usage.
 */
export function splitIntoBatches<T extends UsageReportEntry>(
  entries: readonly T[],
  limits: Pick<UsageBatchLimits, 'maxBatchBytes' | 'maxBatchOperations'>,
): T[][] {
  const envelope = Buffer.byteLength('{"reports":[]}');
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = envelope;
  for (const entry of entries) {
    const size = Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (
      current.length > 0 &&
      (bytes + size > limits.maxBatchBytes || current.length >= limits.maxBatchOperations)
    ) {
      batches.push(current);
      current = [];
      bytes = envelope;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
