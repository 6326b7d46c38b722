import type { Knex } from 'knex';
import { createSchemaVersionsStorage, type SchemaVersion } from '../storage/schema-versions-storage';

export interface CurrentSupergraph {
  version: SchemaVersion;
  supergraphSdl: string;
}

/**
 * Delivery of the current supergraph: answers long-polls the moment this instance commits a new version,
 * and re-reads the head every `pollMs` so that versions committed by another registry instance on the same
 * database are seen too.
 */
export function createSupergraphFeed(db: Knex, options: { pollMs?: number } = {}) {
  const pollMs = options.pollMs ?? 1000;
  const waiters = new Set<() => void>();
  let cached: CurrentSupergraph | null = null;
  let closed = false;

  async function current(): Promise<CurrentSupergraph | null> {
    const versions = createSchemaVersionsStorage(db);
    const seq = await versions.headSeq();
    if (seq === 0) return null;
    if (cached?.version.seq === seq) return cached;
    const version = (await versions.bySeq(seq))!;
    const sdl = (await versions.blobs([version.supergraphHash])).get(version.supergraphHash)!;
    cached = { version, supergraphSdl: sdl };
    return cached;
  }

  return {
    current,

    /** Called after a commit. */
    notify(): void {
      for (const wake of [...waiters]) wake();
    },

    /**
     * Resolves with the current supergraph as soon as its id differs from `knownId` (null: any), or with
     * null after `timeoutMs`. `signal` aborts the wait when the client goes away.
     */
    async waitForChange(
      knownId: string | null,
      timeoutMs: number,
      signal?: AbortSignal,
    ): Promise<CurrentSupergraph | null> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const now = await current();
        if (now && now.version.id !== knownId) return now;
        const remaining = deadline - Date.now();
        if (remaining <= 0 || signal?.aborted || closed) return null;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(done);
            signal?.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(remaining, pollMs));
          waiters.add(done);
          signal?.addEventListener('abort', done);
        });
      }
    },

    close(): void {
      closed = true;
      for (const wake of [...waiters]) wake();
    },
  };
}
export type SupergraphFeed = ReturnType<typeof createSupergraphFeed>;
