import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { Logger } from '@mesh/product-kit';
import type { SubgraphEndpoint } from './config';
import type { SubgraphFetch } from './subgraph-fetch';

export class CompositionError extends Error {
  constructor(readonly errors: string[]) {
    super(`The products' schemas do not compose:\n  - ${errors.join('\n  - ')}`);
    this.name = 'CompositionError';
  }
}

export class SubgraphUnreachableError extends Error {
  constructor(endpoint: SubgraphEndpoint, reason: string, waitedMs: number) {
    super(
      `Product "${endpoint.name}" at ${endpoint.url} did not answer within ${Math.round(waitedMs / 1000)} s (${reason}). ` +
        'Start it (npm start starts every product), or correct SUBGRAPHS.',
    );
    this.name = 'SubgraphUnreachableError';
  }
}

const SDL_QUERY = JSON.stringify({ query: 'query SubgraphSdl { _service { sdl } }' });

/** Asks a product for its SDL, retrying while it starts, up to `timeoutMs`. */
export async function fetchSubgraphSdl(
  endpoint: SubgraphEndpoint,
  fetch: SubgraphFetch,
  options: { timeoutMs: number; logger: Logger },
): Promise<string> {
  const started = Date.now();
  let delay = 100;
  let lastReason = 'no answer';
  for (;;) {
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: SDL_QUERY,
      });
      const body = (await response.json()) as {
        data?: { _service?: { sdl?: string } };
        errors?: { message: string }[];
      };
      const sdl = body.data?._service?.sdl;
      if (sdl) return sdl;
      lastReason = `HTTP ${response.status}: ${body.errors?.[0]?.message ?? 'no _service.sdl in the answer; is it a federation subgraph?'}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      lastReason = cause?.code ?? (error as Error).message;
    }
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) throw new SubgraphUnreachableError(endpoint, lastReason, waited);
    options.logger.debug({ subgraph: endpoint.name, reason: lastReason }, 'waiting for product');
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, options.timeoutMs - waited)));
    delay = Math.min(delay * 2, 1000);
  }
}

/** Composes subgraph SDLs into a supergraph with Apollo's composition; every error is reported. */
export function composeSupergraph(subgraphs: { name: string; url: string; sdl: string }[]): string {
  const result = composeServices(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.errors) throw new CompositionError(result.errors.map((error) => error.message));
  return result.supergraphSdl;
}
