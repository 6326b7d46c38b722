import { createHash } from 'node:crypto';
import {
  HeaderMap,
  type ApolloServerPlugin,
  type GraphQLRequestContext,
  type GraphQLResponse,
} from '@apollo/server';

type SingleResult = Extract<GraphQLResponse['body'], { kind: 'single' }>['singleResult'];
interface Shared {
  status: number | undefined;
  result: SingleResult;
}

export interface InFlightDedup {
  /** Put it last in the plugin list, so the answer it shares has every other plugin's additions. */
  plugin: ApolloServerPlugin<object>;
  stats: { leaders: number; followers: number };
}

/**
 * Identity of an operation for sharing: the same query text, variables, operation name and Authorization
 * header (so callers with different credentials never share an answer, whatever authorization comes later).
 */
export function dedupKey(request: GraphQLRequestContext<object>['request']): string {
  return createHash('sha256')
    .update(request.query ?? '')
    .update('\u0000')
    .update(JSON.stringify(request.variables ?? {}))
    .update('\u0000')
    .update(request.operationName ?? '')
    .update('\u0000')
    .update(request.http?.headers.get('authorization') ?? '')
    .digest('base64url');
}

/**
 * In-flight de-duplication of identical concurrent queries: while one request (the leader) executes, an
 * identical one waits for the leader's answer instead of executing again; once the leader has answered,
 * the next identical request executes afresh (nothing is cached).
 *
 * An Apollo Server plugin rather than an HTTP-layer wrapper: `responseForOperation` runs after parsing,
 * validation and `didResolveOperation`, so every request (followers included) still goes through the
 * gateway's authorization, protection limits, usage reporting and metrics; only the query plan execution
 * and its subgraph fetches are shared. Mutations are never shared.
 */
export function createInFlightDedup(): InFlightDedup {
  const inFlight = new Map<string, Promise<Shared | null>>();
  const stats = { leaders: 0, followers: 0 };
  const releases = new WeakMap<object, (shared: null) => void>();
  const plugin: ApolloServerPlugin<object> = {
    // Apollo skips willSendResponse when a request fails unexpectedly: never strand the followers then.
    async unexpectedErrorProcessingRequest({ requestContext }) {
      releases.get(requestContext)?.(null);
    },
    async requestDidStart(requestContext) {
      let settle: ((shared: Shared | null) => void) | undefined;
      let key: string | undefined;
      const release = (shared: Shared | null) => {
        if (!settle || key === undefined) return;
        inFlight.delete(key);
        settle(shared);
        settle = undefined;
      };
      releases.set(requestContext, release);
      return {
        async responseForOperation(context) {
          // `operation` is missing (despite its type) when operationName names no operation: Apollo answers that.
          if ((context.operation as typeof context.operation | undefined)?.operation !== 'query') return null;
          key = dedupKey(context.request);
          const leader = inFlight.get(key);
          if (leader) {
            const shared = await leader;
            if (shared) {
              stats.followers += 1;
              key = undefined;
              // A shallow copy: plugins replace `extensions` on the result they send, never the leader's.
              return {
                http: { status: shared.status, headers: new HeaderMap() },
                body: { kind: 'single', singleResult: { ...shared.result } },
              };
            }
            key = undefined;
            return null; // the leader's answer could not be shared (incremental delivery): execute
          }
          stats.leaders += 1;
          inFlight.set(
            key,
            new Promise<Shared | null>((resolve) => {
              settle = resolve;
            }),
          );
          return null;
        },
        async willSendResponse({ response }) {
          if (!settle) return;
          // Other plugins finish their synchronous changes to the answer before this microtask runs.
          await Promise.resolve();
          release(
            response.body.kind === 'single'
              ? { status: response.http.status, result: response.body.singleResult }
              : null,
          );
        },
      };
    },
  };
  return { plugin, stats };
}
