import type { IncomingMessage } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { RequestScope } from '@mesh/product-kit';

export interface OperationPayload {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface OperationResult {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

export type ExecuteOperation = (
  req: IncomingMessage,
  payload: OperationPayload,
  scope: Omit<RequestScope, 'req'>,
) => Promise<OperationResult>;

/** Request headers that describe the export request itself, not the caller; everything else is passed on. */
const OWN_HEADERS = new Set(['content-length', 'content-type', 'accept', 'transfer-encoding', 'connection']);

/**
 * Runs an operation through the same Apollo Server (plugins, context, gateway) as `/graphql`, as a POST
 * carrying the caller's headers (e.g. Authorization), so an export is answered exactly as the query would be.
 */
export function createOperationExecutor<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  context: (scope: RequestScope) => Promise<TContext>,
): ExecuteOperation {
  return async (req, payload, scope) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined && !OWN_HEADERS.has(key))
        headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    headers.set('content-type', 'application/json');
    headers.set('accept', 'application/json');
    const result = await apollo.executeHTTPGraphQLRequest({
      // Only the keys that are set: Apollo refuses a present-but-undefined operationName.
      httpGraphQLRequest: {
        method: 'POST',
        headers,
        search: '',
        body: Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined)),
      },
      context: () => context({ req, ...scope }),
    });
    let text = '';
    if (result.body.kind === 'complete') text = result.body.string;
    else for await (const chunk of result.body.asyncIterator) text += chunk;
    return { status: result.status ?? 200, body: JSON.parse(text) as OperationResult['body'] };
  };
}
