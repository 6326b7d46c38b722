import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader';
import {
  GraphQLDataSourceRequestKind,
  type GraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, type Caller, type IdentitySigner } from '@mesh/product-kit';
import type { SubgraphGuard } from './resilience';
import type { GatewayContext, GatewayStats } from './server';
import type { SubgraphFetch, SubgraphResponse } from './subgraph-fetch';
import { childTraceparent } from './trace-context';

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;

/**
 * One product as the gateway calls it: behind its guard (breaker, retries), with the caller's signed
 * identity, request id and trace context on every fetch, and the product's provenance taken from its answer.
 *
 * `process` does what Apollo's RemoteGraphQLDataSource does — same body, same errors for non-2xx answers,
 * same cache-control restriction of the client's answer — with plain header objects instead of node-fetch's
 * Headers and Request, which it builds on every fetch and this hot path does not need.
 */
export class ProductDataSource implements GraphQLDataSource<GatewayContext> {
  readonly url: string;
  private readonly send: SubgraphFetch;
  /** The routing URL's query string: part of the request the identity is signed for. */
  private readonly search: string;

  constructor(
    config: { url: string; fetcher: SubgraphFetch },
    private readonly productName: string,
    private readonly stats: GatewayStats,
    private readonly guard?: SubgraphGuard,
    private readonly signIdentity?: IdentitySigner,
  ) {
    this.url = config.url;
    this.send = config.fetcher;
    this.search = URL.canParse(config.url) ? new URL(config.url).search : '';
  }

  process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    return this.guard ? this.guard.run(options, () => this.fetchAnswer(options)) : this.fetchAnswer(options);
  }

  private async fetchAnswer(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request, context } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Record<string, string> = {};
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers[name] = value;
    headers['content-type'] = 'application/json';
    const body = JSON.stringify({
      query: request.query,
      variables: request.variables,
      operationName: request.operationName,
      extensions: request.extensions,
    });
    // Each fetch is signed on its own: for this product, this body, a few seconds, once (a retry signs
    // again). Health checks and SDL fetches have no caller: they go unsigned.
    if (context.caller && this.signIdentity)
      headers[IDENTITY_HEADER] = this.signIdentity(context.caller, this.productName, {
        method: 'POST',
        route: 'graphql',
        search: this.search,
        body,
      });
    const counts = (this.stats.subgraphFetches[this.productName] ??= { total: 0, entities: 0 });
    counts.total += 1;
    if (request.query.includes('_entities')) counts.entities += 1;
    if (context.requestId) headers['x-request-id'] = context.requestId;
    if (context.trace) {
      headers.traceparent = childTraceparent(context.trace);
      if (context.trace.state) headers.tracestate = context.trace.state;
    }
    const shareKey = context.caller ? callerKey(context.caller) : undefined;
    const response = await this.send(this.url, { method: 'POST', headers, body, shareKey });
    if (!response.ok) throw await errorFromResponse(response);
    const answer = await bodyOf(response);
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
      throw new Error(`Expected JSON response body, but received: ${String(answer)}`);
    }
    const result = answer as GatewayGraphQLResponse;
    const product = result.extensions?.dataProduct as
      { name?: string; version: string; dataVersion: string } | undefined;
    if (product?.name && context.dataProducts) {
      context.dataProducts[product.name] = { version: product.version, dataVersion: product.dataVersion };
    }
    if (options.kind === GraphQLDataSourceRequestKind.INCOMING_OPERATION) {
      restrictCachePolicy(options, response);
    }
    return result;
  }
}

/** Who a fetch is for, as outbound de-duplication may share it: only the same caller shares an answer. */
export function callerKey(caller: Caller): string {
  return JSON.stringify([caller.kind, caller.subject, caller.tokenId ?? null, caller.roles, caller.scopes]);
}

function bodyOf(response: SubgraphResponse): Promise<unknown> {
  const type = response.headers.get('content-type');
  return type && (type.startsWith('application/json') || type.startsWith('application/graphql-response+json'))
    ? response.json()
    : response.text();
}

/** RemoteGraphQLDataSource's error for a non-2xx answer (its code for 401 and 403). */
async function errorFromResponse(response: SubgraphResponse): Promise<GraphQLError> {
  const extensions: Record<string, unknown> = {
    response: {
      url: response.url,
      status: response.status,
      statusText: response.statusText,
      body: await bodyOf(response),
    },
  };
  if (response.status === 401) extensions.code = 'UNAUTHENTICATED';
  else if (response.status === 403) extensions.code = 'FORBIDDEN';
  return new GraphQLError(`${response.status}: ${response.statusText}`, { extensions });
}

/** The client's answer is no more cacheable than any product's part of it (the product's cache-control). */
function restrictCachePolicy(
  options: Extract<ProcessOptions, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>,
  response: SubgraphResponse,
): void {
  const policy = options.incomingRequestContext.overallCachePolicy;
  if (!policy || !('restrict' in policy)) return;
  const parsed = parseCacheControlHeader(response.headers.get('cache-control') ?? undefined);
  const hint: { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } = { maxAge: 0 };
  const maxAge = parsed['max-age'];
  if (typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge)) hint.maxAge = Number(maxAge);
  if (parsed.private === true) hint.scope = 'PRIVATE';
  if (parsed.public === true) hint.scope = 'PUBLIC';
  policy.restrict(hint);
}
