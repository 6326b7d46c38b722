import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Logger } from '@mesh/product-kit';
import { collectCoordinates } from './usage-coordinates';

interface PendingReport {
  operationName: string | null;
  body: string;
  client: { name: string; version: string };
  coordinates: string[];
  count: number;
  at: string;
}

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

export interface UsageReporter {
  plugin: ApolloServerPlugin<object>;
  /** Counts an operation run outside Apollo Server (the export's bulk path), as the plugin does. */
  record(usage: UsageRecord): void;
  /** Sends what was collected; keeps it for the next flush if the registry does not take it. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const header = (headers: { get(name: string): string | undefined }, ...names: string[]) =>
  names.map((name) => headers.get(name)).find((value) => value !== undefined && value !== '');

/**
 * Collects which operations clients run and which schema coordinates they use, and reports them to the
 * registry (`POST /usage`) every `flushMs`, so breaking-change checks know what is in use.
 */
export function createUsageReporter(options: {
  registryOrigin: string;
  token?: string;
  flushMs: number;
  logger: Logger;
  /** Pending operations kept at most while the registry is unreachable. */
  maxPending?: number;
}): UsageReporter {
  const pending = new Map<string, PendingReport>();
  const coordinatesByHash = new Map<string, string[]>();
  let lastSchema: unknown;
  const maxPending = options.maxPending ?? 10_000;

  const record = ({ schema, document, body, operationName, headers }: UsageRecord) => {
    if (schema !== lastSchema) {
      coordinatesByHash.clear();
      lastSchema = schema;
    }
    const hash = createHash('sha256').update(body).digest('hex');
    let coordinates = coordinatesByHash.get(hash);
    if (!coordinates) {
      coordinates = collectCoordinates(schema, document);
      coordinatesByHash.set(hash, coordinates);
    }
    const client = {
      name: (headers && header(headers, 'apollographql-client-name', 'x-client-name')) ?? 'unknown',
      version: (headers && header(headers, 'apollographql-client-version', 'x-client-version')) ?? 'unknown',
    };
    const key = `${hash}\u0000${client.name}\u0000${client.version}`;
    const entry = pending.get(key);
    if (entry) entry.count += 1;
    else if (pending.size < maxPending) {
      pending.set(key, {
        operationName,
        body,
        client,
        coordinates,
        count: 1,
        at: new Date().toISOString(),
      });
    }
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

  let flushing: Promise<void> | null = null;
  async function flushNow(): Promise<void> {
    if (pending.size === 0) return;
    const batch = [...pending.entries()];
    pending.clear();
    try {
      const response = await fetch(`${options.registryOrigin}/usage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ reports: batch.map(([, report]) => report) }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status >= 400 && response.status < 500) {
        // The registry refuses this batch for good (bad token, bad data): retrying would not help.
        options.logger.warn(
          { status: response.status, body: await response.text() },
          'registry refused usage report',
        );
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await response.body?.cancel();
      options.logger.debug({ operations: batch.length }, 'reported usage');
    } catch (error) {
      for (const [key, report] of batch) {
        const again = pending.get(key);
        if (again) again.count += report.count;
        else if (pending.size < maxPending) pending.set(key, report);
      }
      options.logger.warn({ err: (error as Error).message }, 'usage report failed; will retry');
    }
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
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
