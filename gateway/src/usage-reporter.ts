import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Logger } from '@mesh/product-kit';
import {
  capBody,
  DEFAULT_USAGE_BATCH_LIMITS,
  splitIntoBatches,
  type UsageBatchLimits,
  type UsageReportEntry,
} from './usage-batches';
import { collectCoordinates } from './usage-coordinates';

/** One operation run, as the usage report counts it. */
export interface UsageRecord {
  schema: GraphQLSchema;
  document: DocumentNode;
  /** The operation's text, as sent. */
  body: string;
  operationName: string | null;
  /** Request headers (the client's name and version are read from them). */
  headers?: { get(name: string): string | undefined };
}

/** What the reporter did since start: bounded memory means some operations are counted, not kept. */
export interface UsageReporterStats {
  /** Operation runs recorded. */
  recorded: number;
  /** Runs not reported because the window already tracked `maxPending` distinct operations. */
  dropped: number;
  /** Distinct operations whose text was sent truncated. */
  truncated: number;
  /** Operations the registry dropped from our reports (it said so). */
  refused: number;
}

export interface UsageReporter {
  plugin: ApolloServerPlugin<object>;
  /** Counts an operation run outside Apollo Server (the export's bulk path), as the plugin does. */
  record(usage: UsageRecord): void;
  /** Sends what was collected; keeps it for the next flush if the registry does not take it. */
  flush(): Promise<void>;
  stats(): UsageReporterStats;
  close(): Promise<void>;
}

const header = (headers: { get(name: string): string | undefined }, ...names: string[]) =>
  names.map((name) => headers.get(name)).find((value) => value !== undefined && value !== '');

/**
 * Collects which operations clients run and which schema coordinates they use, and reports them to the
 * registry (`POST /usage`) every `flushMs`, so breaking-change checks know what is in use. Memory is
 * bounded: at most `maxPending` distinct (operation, client) entries per window and as many cached
 * coordinate lists; requests are split under the registry's limits and long texts sent truncated.
 */
export function createUsageReporter(options: {
  registryOrigin: string;
  token?: string;
  flushMs: number;
  logger: Logger;
  /** Distinct (operation, client) entries kept per window, and while the registry is unreachable. */
  maxPending?: number;
  limits?: Partial<UsageBatchLimits>;
}): UsageReporter {
  const pending = new Map<string, UsageReportEntry>();
  const coordinatesByHash = new Map<string, string[]>();
  let lastSchema: unknown;
  const maxPending = options.maxPending ?? 10_000;
  const limits = { ...DEFAULT_USAGE_BATCH_LIMITS, ...options.limits };
  const counters: UsageReporterStats = { recorded: 0, dropped: 0, truncated: 0, refused: 0 };

  const coordinatesOf = (hash: string, schema: GraphQLSchema, document: DocumentNode) => {
    let coordinates = coordinatesByHash.get(hash);
    if (!coordinates) {
      coordinates = collectCoordinates(schema, document);
      // A cache, not a record: bounded like `pending`, oldest entry out first (Map keeps insertion order).
      if (coordinatesByHash.size >= maxPending)
        coordinatesByHash.delete(coordinatesByHash.keys().next().value as string);
      coordinatesByHash.set(hash, coordinates);
    }
    return coordinates;
  };

  const record = ({ schema, document, body, operationName, headers }: UsageRecord) => {
    counters.recorded += 1;
    if (schema !== lastSchema) {
      coordinatesByHash.clear();
      lastSchema = schema;
    }
    const hash = createHash('sha256').update(body).digest('hex');
    const client = {
      name: (headers && header(headers, 'apollographql-client-name', 'x-client-name')) ?? 'unknown',
      version: (headers && header(headers, 'apollographql-client-version', 'x-client-version')) ?? 'unknown',
    };
    const key = `${hash}\u0000${client.name}\u0000${client.version}`;
    const entry = pending.get(key);
    if (entry) {
      entry.count += 1;
      return;
    }
    if (pending.size >= maxPending) {
      counters.dropped += 1;
      return;
    }
    const capped = capBody(
      {
        operationName,
        body,
        client,
        coordinates: coordinatesOf(hash, schema, document),
        count: 1,
        at: new Date().toISOString(),
      },
      hash,
      limits.maxBodyChars,
    );
    if (capped.hash) counters.truncated += 1;
    pending.set(key, capped);
  };

  const plugin: ApolloServerPlugin<object> = {
    async requestDidStart({ request }) {
      return {
        async didResolveOperation({ document, schema, operationName, request: req }) {
          const body = req.query ?? request.query;
          if (!body) return;
          record({
            schema,
            document,
            body,
            operationName: operationName ?? null,
            headers: req.http?.headers,
          });
        },
      };
    },
  };

  /** Sends one request; false when it should be retried later. */
  async function send(batch: UsageReportEntry[]): Promise<boolean> {
    const response = await fetch(`${options.registryOrigin}/usage`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ reports: batch }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status >= 400 && response.status < 500) {
      // Refused for good (bad token): retrying would not help.
      options.logger.warn(
        { status: response.status, body: (await response.text()).slice(0, 500) },
        'registry refused usage report',
      );
      return true;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const answer = (await response.json().catch(() => ({}))) as { dropped?: number };
    if (answer.dropped) {
      counters.refused += answer.dropped;
      options.logger.warn({ dropped: answer.dropped }, 'registry dropped operations of a usage report');
    }
    return true;
  }

  let flushing: Promise<void> | null = null;
  async function flushNow(): Promise<void> {
    if (pending.size === 0) return;
    const entries = [...pending.entries()];
    pending.clear();
    const keys = new Map(entries.map(([key, entry]) => [entry, key]));
    for (const batch of splitIntoBatches(
      entries.map(([, entry]) => entry),
      limits,
    )) {
      try {
        await send(batch);
        options.logger.debug({ operations: batch.length }, 'reported usage');
      } catch (error) {
        // Keep this batch for the next flush (counts merge into what arrived meanwhile).
        for (const report of batch) {
          const key = keys.get(report)!;
          const again = pending.get(key);
          if (again) again.count += report.count;
          else if (pending.size < maxPending) pending.set(key, report);
          else counters.dropped += report.count;
        }
        options.logger.warn({ err: (error as Error).message }, 'usage report failed; will retry');
      }
    }
    if (counters.dropped > 0)
      options.logger.warn(
        { ...counters, maxPending },
        'usage reporter at its memory cap: some runs not reported',
      );
  }
  const flush = () => {
    flushing ??= flushNow().finally(() => {
      flushing = null;
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), options.flushMs);
  timer.unref();
  return {
    plugin,
    record,
    flush,
    stats: () => ({ ...counters }),
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
