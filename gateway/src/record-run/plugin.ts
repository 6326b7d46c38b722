import type { ApolloServerPlugin } from '@apollo/server';
import { print } from 'graphql';
import type { AccessPolicy, Caller, IdentitySigner, Logger } from '@mesh/product-kit';
import { IDENTITY_HEADER } from '@mesh/product-kit';
import type { SubgraphFetch } from '../subgraph-fetch';
import { requiredScopesOf, type ReadAccess } from './required-scopes';
import {
  readRecordRunRequest,
  RecordErrorCode,
  storableResult,
  valueAt,
  type RecordError,
  type RecordRunRequest,
} from './request';

/** The workspace product's subgraph name: the one product runs are recorded in. */
export const WORKSPACE_PRODUCT = 'workspace';

const RECORD_RUN =
  'mutation RecordRun($input: RecordRunInput!) { recordRun(input: $input) { id createdAt } }';

export interface RecordRunOptions {
  /** The composed access policy being enforced now. */
  policy: () => AccessPolicy;
  /** The registry supergraph id being served; null outside registry mode. */
  supergraphId: () => string | null;
  /** The workspace's GraphQL URL in the supergraph being served; undefined when there is none. */
  workspaceUrl: () => string | undefined;
  fetch: SubgraphFetch;
  signIdentity: IdentitySigner;
  logger: Logger;
}

interface RecordingContext {
  caller: Caller;
  requestId: string;
  dataProducts: Record<string, { version: string; dataVersion: string }>;
}

type Products = Record<string, { version: string; dataVersion: string }>;

/**
 * Platform-recorded runs: a client sends its operation with `extensions.recordRun` ({ title, app, tags,
 * parentId, resultPath, … }); the gateway executes it as usual, as the caller, and then records it in the
 * workspace itself — a `recordRun` call over the signed hop with the `rec` claim, which only this call
 * carries. The lineage is what actually happened: the products (and versions) that answered, the supergraph,
 * the scopes the fields read require, the result and its hash. The answer gets `extensions.recorded: { id }`,
 * or `extensions.recordError: { code, message }` when recording failed (the answer itself is unchanged).
 */
export function recordRunPlugin<TContext extends RecordingContext>(
  options: RecordRunOptions,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const { response, request, contextValue } = requestContext;
          if (response.body.kind !== 'single') return;
          const answer = response.body.singleResult;
          const { recorded: _recorded, recordError: _error, ...extensions } = answer.extensions ?? {};
          const asked = readRecordRunRequest(request.extensions);
          // A shared (de-duplicated) answer must never carry another request's recording.
          answer.extensions = Object.keys(extensions).length > 0 ? extensions : undefined;
          if (!asked) return;
          const outcome =
            'error' in asked
              ? { error: asked.error }
              : await record(options, asked.request, {
                  caller: contextValue.caller,
                  requestId: contextValue.requestId,
                  products: {
                    ...((extensions.dataProducts as Products | undefined) ?? {}),
                    ...contextValue.dataProducts,
                  },
                  operationType: requestContext.operation?.operation,
                  operationText:
                    request.query ?? (requestContext.document ? print(requestContext.document) : undefined),
                  operationName: request.operationName ?? null,
                  variables: request.variables ?? {},
                  data: answer.data,
                  readAccess: () =>
                    requestContext.document && requestContext.operation
                      ? requiredScopesOf(
                          requestContext.schema,
                          requestContext.document,
                          requestContext.operation,
                          options.policy(),
                          contextValue.caller,
                        )
                      : null,
                });
          answer.extensions = {
            ...extensions,
            ...('id' in outcome
              ? { recorded: { id: outcome.id, createdAt: outcome.createdAt } }
              : { recordError: outcome.error }),
          };
        },
      };
    },
  };
}

interface Execution {
  caller: Caller;
  requestId: string;
  products: Products;
  operationType: string | undefined;
  operationText: string | undefined;
  operationName: string | null;
  variables: Record<string, unknown>;
  data: Record<string, unknown> | null | undefined;
  readAccess: () => ReadAccess | null;
}

async function record(
  options: RecordRunOptions,
  asked: RecordRunRequest,
  execution: Execution,
): Promise<{ id: string; createdAt: string | null } | { error: RecordError }> {
  if (execution.operationType !== 'query' || !execution.operationText)
    return {
      error: {
        code: RecordErrorCode.NotAQuery,
        message: 'Only queries are recorded (a re-run repeats a read; a mutation would change data again).',
      },
    };
  const found = asked.resultPath ? valueAt(execution.data, asked.resultPath) : (execution.data ?? null);
  if (found === null)
    return {
      error: {
        code: RecordErrorCode.NoResult,
        message: asked.resultPath
          ? `Nothing to record: the answer has no value at ${asked.resultPath.join('.')}.`
          : 'Nothing to record: the answer has no data.',
      },
    };
  const read = execution.readAccess();
  if (read && read.storedContent.length > 0)
    return {
      error: {
        code: RecordErrorCode.StoredContent,
        message: `Not recorded: the operation reads stored workspace content (${read.storedContent.join(', ')}), whose access its own lineage decides. Save it with saveUdat (sourceId) or forkUdat instead: they keep its lineage.`,
      },
    };
  const url = options.workspaceUrl();
  if (!url || read === null)
    return {
      error: {
        code: RecordErrorCode.NoWorkspace,
        message: 'This gateway serves no workspace product: runs cannot be recorded here.',
      },
    };
  const result = storableResult(found);
  const ownHash = (found as { resultHash?: unknown }).resultHash;
  const input = {
    kind: asked.kind ?? (asked.app ? 'APP_RUN' : 'QUERY'),
    app: asked.app ?? null,
    title: asked.title,
    operation: execution.operationText,
    operationName: execution.operationName,
    variables: execution.variables,
    supergraphId: options.supergraphId(),
    products: Object.entries(execution.products)
      .map(([name, product]) => ({ name, version: product.version, dataVersion: product.dataVersion }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    // An analysis carries its product's own hash; any other result is hashed by the workspace.
    resultHash: asked.resultPath && typeof ownHash === 'string' ? ownHash : null,
    result,
    parentId: asked.parentId ?? null,
    tags: asked.tags ?? [],
    visibility: asked.visibility ?? 'PRIVATE',
    requiredScopes: read.requiredScopes,
  };
  const body = JSON.stringify({ query: RECORD_RUN, variables: { input }, operationName: 'RecordRun' });
  const search = URL.canParse(url) ? new URL(url).search : '';
  try {
    const response = await options.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': execution.requestId,
        [IDENTITY_HEADER]: options.signIdentity(
          execution.caller,
          WORKSPACE_PRODUCT,
          { method: 'POST', route: 'graphql', search, body },
          { recording: true },
        ),
      },
      body,
    });
    const answer = (await response.json()) as {
      data?: { recordRun?: { id?: string; createdAt?: string } | null } | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const id = answer.data?.recordRun?.id;
    if (id) return { id, createdAt: answer.data!.recordRun!.createdAt ?? null };
    const refusal = answer.errors?.[0];
    return {
      error: {
        code: RecordErrorCode.Refused,
        message: `The workspace did not record the run: ${refusal?.message ?? `HTTP ${response.status}`}`,
        ...(refusal?.extensions?.code ? { reason: refusal.extensions.code } : {}),
      },
    };
  } catch (error) {
    options.logger.warn({ err: error, requestId: execution.requestId }, 'recording a run failed');
    return {
      error: {
        code: RecordErrorCode.Unavailable,
        message: 'The workspace could not be reached to record the run; the answer is unchanged. Try again.',
      },
    };
  }
}
