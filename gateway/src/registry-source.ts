import { EventEmitter } from 'node:events';
import type { SupergraphManager } from '@apollo/gateway';
import type { Logger } from '@mesh/product-kit';
import { CorruptSupergraphCacheError, loadSupergraphCache, saveSupergraphCache } from './supergraph-cache';

/** `name → url` of every `@join__graph` in a supergraph SDL. */
export function routingUrls(supergraphSdl: string): Map<string, string> {
  const urls = new Map<string, string>();
  for (const match of supergraphSdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g))
    urls.set(match[1]!, match[2]!);
  return urls;
}

export class RegistryUnavailableError extends Error {
  constructor(origin: string, reason: string, corrupt: CorruptSupergraphCacheError | null = null) {
    super(
      `The schema registry at ${origin} gave no supergraph (${reason}) and ${corrupt ? corrupt.message : 'there is no cached one.'} ` +
        'Start the registry (npm start does), publish the products, or set SUPERGRAPH_CACHE_FILE to a saved supergraph.',
    );
    this.name = 'RegistryUnavailableError';
  }
}

export interface RegistrySourceOptions {
  /** Registry origin, e.g. http://127.0.0.1:4005 */
  registryOrigin: string;
  token?: string;
  /** Where the last good supergraph is kept, for starts while the registry is down. */
  cacheFile?: string;
  /** Long-poll length per request, seconds. */
  waitSeconds?: number;
  /** How long start-up waits for a first supergraph when there is no cache. */
  startupTimeoutMs?: number;
  logger: Logger;
}

type Fetched = { status: 'new'; id: string; sdl: string } | { status: 'same' } | { status: 'none' };

export interface RegistrySupergraphManager extends SupergraphManager {
  /** Id (schema version content hash) of the supergraph being served. */
  currentId(): string | null;
  /** Emits `update` ({ id }) after the gateway switched, `rejected` ({ id, reason }) when a supergraph was refused. */
  events: EventEmitter;
}

/**
 * Takes the supergraph from the schema registry: long-polls `GET /supergraph` with the current ETag, health
 * checks each new supergraph against its subgraphs before switching, keeps the last good one on disk and
 * serves that when the registry is unreachable at start-up. A failed poll or a bad supergraph never stops
 * polling and never replaces the one being served. (Apollo Gateway lets requests already in flight finish
 * on the schema and query planner they started with.)
 */
export function createRegistrySupergraphManager(options: RegistrySourceOptions): RegistrySupergraphManager {
  const events = new EventEmitter();
  const waitSeconds = options.waitSeconds ?? 30;
  let etag: string | null = null;
  let stopped = false;
  let corruptCache: CorruptSupergraphCacheError | null = null;
  /** Routing URL per subgraph of the supergraph being served, to say loudly where callers are now sent. */
  let routes = new Map<string, string>();
  const noteRoutes = (sdl: string) => {
    const next = routingUrls(sdl);
    for (const [name, url] of next) {
      const before = routes.get(name);
      if (routes.size > 0 && before !== undefined && before !== url)
        log.warn(
          { product: name, from: before, to: url },
          'routing URL changed: callers now go to the new URL',
        );
    }
    routes = next;
  };
  const inFlight = new Set<AbortController>();
  const log = options.logger;

  async function fetchSupergraph(wait: number): Promise<Fetched> {
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), (wait + 15) * 1000);
    try {
      const response = await fetch(`${options.registryOrigin}/supergraph${wait > 0 ? `?wait=${wait}` : ''}`, {
        headers: {
          ...(etag ? { 'if-none-match': `"${etag}"` } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        signal: controller.signal,
      });
      if (response.status === 304) return { status: 'same' };
      if (response.status === 404) {
        await response.body?.cancel();
        return { status: 'none' };
      }
      if (response.status !== 200)
        throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
      const id = (response.headers.get('etag') ?? '').replace(/^W\//, '').replace(/"/g, '');
      return { status: 'new', id, sdl: await response.text() };
    } finally {
      clearTimeout(timeout);
      inFlight.delete(controller);
    }
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
    });

  /** The cache, if usable; a corrupt one is said loudly and not served (the registry rewrites it). */
  function readCache() {
    if (!options.cacheFile) return null;
    try {
      return loadSupergraphCache(options.cacheFile);
    } catch (error) {
      if (!(error instanceof CorruptSupergraphCacheError)) throw error;
      corruptCache = error;
      log.error({ file: error.file, err: error.message }, 'supergraph cache is corrupt; not serving it');
      return null;
    }
  }

  async function firstSupergraph(): Promise<{ id: string; sdl: string; from: 'registry' | 'cache' }> {
    const deadline = Date.now() + (options.startupTimeoutMs ?? 30_000);
    const cached = readCache();
    let reason = 'no answer';
    for (;;) {
      try {
        const fetched = await fetchSupergraph(0);
        if (fetched.status === 'new') return { id: fetched.id, sdl: fetched.sdl, from: 'registry' };
        reason = 'nothing published yet';
        // Reachable but empty: wait for the first publish (long-poll), unless we can serve the cache.
        if (cached) return { id: cached.id, sdl: cached.supergraphSdl, from: 'cache' };
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new RegistryUnavailableError(options.registryOrigin, reason, corruptCache);
        const next = await fetchSupergraph(Math.max(1, Math.min(waitSeconds, Math.floor(remaining / 1000))));
        if (next.status === 'new') return { id: next.id, sdl: next.sdl, from: 'registry' };
      } catch (error) {
        if (error instanceof RegistryUnavailableError) throw error;
        reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        if (cached) {
          log.warn(
            { reason, cachedId: cached.id, savedAt: cached.savedAt },
            'registry unreachable: serving the cached supergraph',
          );
          return { id: cached.id, sdl: cached.supergraphSdl, from: 'cache' };
        }
        if (Date.now() >= deadline)
          throw new RegistryUnavailableError(options.registryOrigin, reason, corruptCache);
        await pause(250);
      }
    }
  }

  async function pollLoop(update: (sdl: string) => void, healthCheck: (sdl: string) => Promise<void>) {
    let backoff = 250;
    while (!stopped) {
      try {
        const fetched = await fetchSupergraph(waitSeconds);
        if (stopped) return;
        if (fetched.status !== 'new') {
          backoff = 250;
          continue;
        }
        try {
          await healthCheck(fetched.sdl);
          update(fetched.sdl);
          noteRoutes(fetched.sdl);
        } catch (error) {
          // Keep serving the current supergraph; try this one again after a pause (it may become healthy).
          log.error(
            { id: fetched.id, err: (error as Error).message },
            'new supergraph refused; keeping the current one',
          );
          events.emit('rejected', { id: fetched.id, reason: (error as Error).message });
          await pause(backoff);
          backoff = Math.min(backoff * 2, 10_000);
          continue;
        }
        etag = fetched.id;
        backoff = 250;
        if (options.cacheFile)
          saveSupergraphCache(options.cacheFile, { id: fetched.id, supergraphSdl: fetched.sdl });
        log.info({ id: fetched.id }, 'switched to new supergraph');
        events.emit('update', { id: fetched.id });
      } catch (error) {
        if (stopped) return;
        log.warn({ err: (error as Error).message }, 'supergraph poll failed; retrying');
        await pause(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  return {
    events,
    currentId: () => etag,
    async initialize({ update, healthCheck }) {
      const first = await firstSupergraph();
      etag = first.id;
      noteRoutes(first.sdl);
      if (first.from === 'registry' && options.cacheFile)
        saveSupergraphCache(options.cacheFile, { id: first.id, supergraphSdl: first.sdl });
      log.info({ id: first.id, from: first.from }, 'loaded supergraph');
      void pollLoop(update, healthCheck);
      return {
        supergraphSdl: first.sdl,
        cleanup: async () => {
          stopped = true;
          for (const controller of inFlight) controller.abort();
        },
      };
    },
  };
}
