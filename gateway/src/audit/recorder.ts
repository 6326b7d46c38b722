import type { Logger } from '@mesh/product-kit';
import type { AuditEvent } from './events';
import type { AuditStore } from './store';

export interface AuditRecorderStats {
  /** Events handed to the recorder. */
  recorded: number;
  /** Events written to the store. */
  written: number;
  /** Events not kept: the queue was full (the store slow or down) when they arrived. */
  dropped: number;
  /** Events waiting for the next flush. */
  queued: number;
}

export interface AuditRecorderOptions {
  store: Pick<AuditStore, 'insert' | 'purge'>;
  logger: Logger;
  /** Events held in memory at most; further events are dropped (and counted) until a flush makes room. */
  maxQueue?: number;
  /** Events written per insert; a full batch is flushed at once, the rest every `flushMs`. */
  batchSize?: number;
  flushMs?: number;
  /** Events older than this are purged (every `purgeEveryMs`). */
  retentionDays: number;
  purgeEveryMs?: number;
  /** Longest wait for the last flush on shutdown. */
  closeTimeoutMs?: number;
}

export interface AuditRecorder {
  /** Queues an event: synchronous, never waits on the store. */
  record(event: AuditEvent): void;
  /** Writes what is queued now (one flush at a time). */
  flush(): Promise<void>;
  /** Deletes events older than the retention; how many. */
  purge(): Promise<number>;
  stats(): AuditRecorderStats;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Keeps audit events off the request path: requests append to a bounded in-memory queue (drop-newest when
 * full: what is queued is older and just as true) and a background task writes them in batches.
 */
export function createAuditRecorder(options: AuditRecorderOptions): AuditRecorder {
  const maxQueue = options.maxQueue ?? 10_000;
  const batchSize = options.batchSize ?? 500;
  const queue: AuditEvent[] = [];
  const counters = { recorded: 0, written: 0, dropped: 0 };
  let flushing: Promise<void> | undefined;
  let closed = false;

  async function flushNow(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, batchSize);
      try {
        await options.store.insert(batch);
        counters.written += batch.length;
      } catch (error) {
        // Back to the front for the next flush, as far as there is room; the rest is lost and counted.
        const room = Math.max(0, maxQueue - queue.length);
        queue.unshift(...batch.slice(0, room));
        counters.dropped += batch.length - Math.min(room, batch.length);
        options.logger.warn({ err: error, events: batch.length }, 'audit events not written; will retry');
        return;
      }
    }
  }
  const flush = () => {
    flushing ??= flushNow().finally(() => (flushing = undefined));
    return flushing;
  };
  const purge = () => options.store.purge(Date.now() - options.retentionDays * DAY_MS);

  const flushTimer = setInterval(() => void flush(), options.flushMs ?? 1_000);
  flushTimer.unref();
  const purgeTimer = setInterval(
    () =>
      void purge().catch((error: unknown) =>
        options.logger.warn({ err: error }, 'audit retention purge failed'),
      ),
    options.purgeEveryMs ?? 3_600_000,
  );
  purgeTimer.unref();

  return {
    record(event) {
      counters.recorded += 1;
      if (closed || queue.length >= maxQueue) {
        counters.dropped += 1;
        return;
      }
      queue.push(event);
      if (queue.length >= batchSize && !flushing) void flush();
    },
    flush,
    purge,
    stats: () => ({ ...counters, queued: queue.length }),
    async close() {
      closed = true;
      clearInterval(flushTimer);
      clearInterval(purgeTimer);
      // A store that hangs must not hold the shutdown: what is still queued then is lost (and logged).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        flush(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, options.closeTimeoutMs ?? 5_000);
        }),
      ]);
      clearTimeout(timer);
      if (queue.length > 0) options.logger.warn({ events: queue.length }, 'audit events lost on shutdown');
    },
  };
}
