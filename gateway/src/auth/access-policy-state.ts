import { parse } from 'graphql';
import { supergraphAccessPolicy, type AccessPolicy, type Logger } from '@mesh/product-kit';
import type { SubgraphEndpoint } from '../config';
import type { SubgraphFetch } from '../subgraph-fetch';
import {
  fetchProductVisibility,
  fetchRegistryVisibility,
  VisibilityMap,
  type Visibility,
} from './visibility';

/** Where product visibility comes from: the registry's catalogue, or each product's identity field. */
export type VisibilitySource =
  | { kind: 'registry'; origin: string; token?: string }
  | { kind: 'products'; endpoints: readonly SubgraphEndpoint[] };

/**
 * The access policy the gateway enforces: the supergraph's `@authenticated` / `@requiresScopes` plus each
 * product's visibility, recomputed when either changes. `generation` lets caches keyed on the policy
 * notice a change.
 */
export class AccessPolicyState {
  private state: { policy: AccessPolicy; generation: number } = { policy: new Map(), generation: 0 };
  private supergraphSdl = '';
  private readonly visibility: VisibilityMap;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: VisibilitySource,
    private readonly fetch: SubgraphFetch,
    private readonly logger: Logger,
    overrides?: Record<string, Visibility>,
  ) {
    this.visibility = new VisibilityMap(overrides);
  }

  current(): { policy: AccessPolicy; generation: number } {
    return this.state;
  }

  visibilities(): Record<string, Visibility> {
    return this.visibility.snapshot();
  }

  /** A new supergraph was loaded. */
  setSupergraph(sdl: string): void {
    this.supergraphSdl = sdl;
    this.recompute();
  }

  /** Reads visibility again; a failure keeps what is known (unknown products count as private). */
  async refreshVisibility(): Promise<void> {
    try {
      const entries = await this.fetchVisibility();
      const before = this.visibility.snapshot();
      if (this.visibility.update(entries)) {
        // Loud: a product turning public drops the `<product>:read` check for every caller.
        for (const [product, to] of Object.entries(entries))
          if (before[product] !== undefined && before[product] !== to)
            this.logger.warn({ product, from: before[product], to }, 'product visibility changed');
        this.logger.info({ visibility: this.visibility.snapshot() }, 'product visibility');
        this.recompute();
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not refresh product visibility; keeping what is known');
    }
  }

  /** The registry's catalogue can change without a schema change (a product turned private): poll it. */
  pollEvery(ms: number): void {
    this.timer = setInterval(() => void this.refreshVisibility(), ms);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async fetchVisibility(): Promise<Record<string, Visibility>> {
    if (this.source.kind === 'registry')
      return fetchRegistryVisibility(this.source.origin, this.fetch, this.source.token);
    const found = await Promise.all(
      this.source.endpoints.map(
        async (endpoint) =>
          [endpoint.name, await fetchProductVisibility(endpoint, this.fetch, this.logger)] as const,
      ),
    );
    return Object.fromEntries(found.filter(([, value]) => value !== undefined)) as Record<string, Visibility>;
  }

  private recompute(): void {
    if (!this.supergraphSdl) return;
    this.state = {
      policy: supergraphAccessPolicy(parse(this.supergraphSdl), this.visibility.of),
      generation: this.state.generation + 1,
    };
  }
}
