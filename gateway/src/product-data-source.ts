import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { IDENTITY_HEADER, type Caller } from '@mesh/product-kit';
import type { SubgraphGuard } from './resilience';
import type { GatewayContext, GatewayStats } from './server';
import { childTraceparent } from './trace-context';

/**
 * One product as the gateway calls it: behind its guard (breaker, retries), with the caller's signed
 * identity, request id and trace context on every fetch, and the product's provenance taken from its answer.
 */
export class ProductDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly productName: string,
    private readonly stats: GatewayStats,
    private readonly guard?: SubgraphGuard,
    private readonly signIdentity?: (caller: Caller) => Promise<string> | null,
  ) {
    super(config);
  }

  override process(options: Parameters<RemoteGraphQLDataSource<GatewayContext>['process']>[0]) {
    return this.guard ? this.guard.run(options, () => super.process(options)) : super.process(options);
  }

  override async willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    // Health checks and SDL fetches have no caller: they go anonymous.
    const identity = context.caller ? this.signIdentity?.(context.caller) : null;
    if (identity) request.http?.headers.set(IDENTITY_HEADER, await identity);
    const counts = (this.stats.subgraphFetches[this.productName] ??= { total: 0, entities: 0 });
    counts.total += 1;
    if (request.query?.includes('_entities')) counts.entities += 1;
    if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
    if (context.trace) {
      request.http?.headers.set('traceparent', childTraceparent(context.trace));
      if (context.trace.state) request.http?.headers.set('tracestate', context.trace.state);
    }
  }

  override didReceiveResponse({
    response,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    const product = response.extensions?.dataProduct as
      { name?: string; version: string; dataVersion: string } | undefined;
    if (product?.name && context.dataProducts) {
      context.dataProducts[product.name] = { version: product.version, dataVersion: product.dataVersion };
    }
    return response;
  }
}
