import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';
import type { Logger } from '@mesh/product-kit';
import { composeSupergraph, fetchSubgraphSdl } from './compose';
import { createRegistrySupergraphManager } from './registry-source';
import type { GatewayOptions } from './server';
import type { SubgraphFetch } from './subgraph-fetch';
import { createUsageReporter, type UsageReporter } from './usage-reporter';

export interface ApolloGatewayOfMode {
  gateway: ApolloGateway;
  /** Registry mode: `update` and `rejected` events of the supergraph manager; never fires otherwise. */
  events: EventEmitter;
  /** Registry mode: id of the schema version being served; null otherwise. */
  currentId: () => string | null;
  /** Registry mode with usage reporting on. */
  usage?: UsageReporter;
}

/**
 * Apollo Gateway for the supergraph source the options choose: a static file (`supergraphFile`), the schema
 * registry (hot reload, usage reporting) or, by default, the products' SDL composed at start-up.
 */
export async function createApolloGateway(
  options: GatewayOptions,
  {
    buildService,
    fetch,
    logger,
    planStore,
  }: {
    buildService: GatewayConfig['buildService'];
    fetch: SubgraphFetch;
    logger: Logger;
    /** Apollo's query-plan store (it clears it on every supergraph change). */
    planStore: NonNullable<NonNullable<GatewayConfig['queryPlannerConfig']>['cache']>;
  },
): Promise<ApolloGatewayOfMode> {
  const gatewayLogger = logger.child({ module: 'apollo-gateway' });
  // Query plans are cached by operation (LRU bounded by estimated heap bytes); a miss costs a planning pass.
  const planCache = { queryPlannerConfig: { cache: planStore } };
  let gateway: ApolloGateway;
  let events = new EventEmitter();
  let currentId: () => string | null = () => null;
  let usage: UsageReporter | undefined;
  if (options.supergraphFile) {
    const sdl = readFileSync(options.supergraphFile, 'utf8');
    logger.info({ file: options.supergraphFile }, 'serving static supergraph');
    gateway = new ApolloGateway({ supergraphSdl: sdl, buildService, logger: gatewayLogger, ...planCache });
  } else if (options.registry) {
    const manager = createRegistrySupergraphManager({
      registryOrigin: options.registry.origin,
      token: options.registry.token,
      cacheFile: options.registry.cacheFile,
      waitSeconds: options.registry.waitSeconds,
      startupTimeoutMs: options.startupTimeoutMs,
      logger: logger.child({ module: 'registry-source' }),
    });
    events = manager.events;
    currentId = manager.currentId;
    gateway = new ApolloGateway({
      supergraphSdl: manager,
      buildService,
      logger: gatewayLogger,
      ...planCache,
    });
    if ((options.registry.usageFlushMs ?? 10_000) > 0) {
      usage = createUsageReporter({
        registryOrigin: options.registry.origin,
        token: options.registry.token,
        flushMs: options.registry.usageFlushMs ?? 10_000,
        logger: logger.child({ module: 'usage-reporter' }),
      });
    }
  } else {
    const sdls = await Promise.all(
      options.subgraphs.map(async (endpoint) => ({
        ...endpoint,
        sdl: await fetchSubgraphSdl(endpoint, fetch, {
          timeoutMs: options.startupTimeoutMs ?? 30_000,
          logger,
        }),
      })),
    );
    const sdl = composeSupergraph(sdls);
    logger.info({ subgraphs: options.subgraphs.map((s) => s.name) }, 'composed supergraph');
    gateway = new ApolloGateway({ supergraphSdl: sdl, buildService, logger: gatewayLogger, ...planCache });
  }
  return { gateway, events, currentId, usage };
}
