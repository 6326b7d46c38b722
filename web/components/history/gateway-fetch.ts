import type { TypedDocumentNode } from '@urql/core';
import { print } from 'graphql';

/**
 * GraphQL through the gateway with an explicit endpoint and token (no request context, no Next.js), and
 * the typed outcome every caller branches on. `gateway.ts` binds it to `GATEWAY_URL` and the session's
 * token for pages, server actions and route handlers; tests and scripts call it directly.
 */

const DEFAULT_TIMEOUT_MS = 15_000;

export interface GatewayErrorItem {
  message: string;
  code?: string;
  /** BAD_USER_INPUT: the argument at fault per problem, e.g. `input.name`. */
  problems?: { argument: string; message: string }[];
  /** Why, when the product says (e.g. LINEAGE_ACCESS: content withheld by its lineage). */
  reason?: string;
}

export type GatewayOutcome<T> =
  | { status: 'ok'; data: T; extensions: Record<string, unknown> | undefined; errors: GatewayErrorItem[] }
  | { status: 'failed'; errors: GatewayErrorItem[]; data: Partial<T> | null }
  | { status: 'unreachable'; reason: string };

export interface GatewayRequestOptions {
  timeoutMs?: number;
  operationName?: string | null;
  token?: string;
  /** Request extensions, e.g. `recordRun` (the gateway records the run it executes). */
  extensions?: Record<string, unknown>;
}

/** Sends one operation as whoever the token belongs to (anonymous without one). */
export type GatewaySend = <T, V extends object>(
  document: TypedDocumentNode<T, V> | string,
  variables: V,
  options?: GatewayRequestOptions,
) => Promise<GatewayOutcome<T>>;

interface RawAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

function toErrorItem(error: { message: string; extensions?: Record<string, unknown> }): GatewayErrorItem {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
  const problems = Array.isArray(error.extensions?.problems)
    ? (error.extensions.problems as { argument: string; message: string }[])
    : undefined;
  const reason = typeof error.extensions?.reason === 'string' ? error.extensions.reason : undefined;
  return { message: error.message, code, problems, ...(reason ? { reason } : {}) };
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message;
}

/**
 * Sends one operation to the gateway's GraphQL endpoint (`endpoint()` is read when sending, so a bad URL is
 * an `unreachable` outcome, not a throw). `ok` when the answer has data and no errors; `failed` with the
 * GraphQL errors (their stable `extensions.code`) otherwise; `unreachable` when no JSON came back.
 */
export async function postToGateway<T, V extends object>(
  endpoint: () => string,
  document: TypedDocumentNode<T, V> | string,
  variables: V,
  options: GatewayRequestOptions = {},
): Promise<GatewayOutcome<T>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const query = typeof document === 'string' ? document : print(document);
  const headers = new Headers({
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
  });
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  let answer: RawAnswer<T>;
  try {
    const response = await fetch(endpoint(), {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query,
        variables,
        operationName: options.operationName ?? undefined,
        extensions: options.extensions,
      }),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!/json/i.test(response.headers.get('content-type') ?? '')) {
      return { status: 'unreachable', reason: `HTTP ${response.status} without a GraphQL (JSON) body` };
    }
    answer = (await response.json()) as RawAnswer<T>;
  } catch (error) {
    return { status: 'unreachable', reason: describeFetchFailure(error, timeoutMs) };
  }
  const errors = (answer.errors ?? []).map(toErrorItem);
  if (answer.data && errors.length === 0) {
    return { status: 'ok', data: answer.data, extensions: answer.extensions, errors };
  }
  return { status: 'failed', errors, data: (answer.data ?? null) as Partial<T> | null };
}

/** The registry supergraph id the gateway serves now (its `/supergraph` header); null when unknown. */
export async function fetchSupergraphId(endpoint: () => string): Promise<string | null> {
  try {
    const response = await fetch(`${new URL(endpoint()).origin}/supergraph`, {
      method: 'HEAD',
      cache: 'no-store',
      signal: AbortSignal.timeout(5_000),
    });
    return response.headers.get('x-supergraph-id');
  } catch {
    return null;
  }
}

/** The first stable error code of an outcome (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, …), if any. */
export function errorCode(outcome: GatewayOutcome<unknown>): string | undefined {
  return outcome.status === 'failed' ? outcome.errors.find((error) => error.code)?.code : undefined;
}

/** One sentence for a form's error message. */
export function describeOutcomeError(outcome: GatewayOutcome<unknown>): string {
  if (outcome.status === 'unreachable')
    return `The gateway is unreachable (${outcome.reason}). Try again shortly.`;
  if (outcome.status === 'ok') return '';
  const code = errorCode(outcome);
  if (code === 'UNAUTHENTICATED') return 'Your session has expired: sign in again, then retry.';
  return outcome.errors.map((error) => error.message).join(' ') || 'The gateway answered without data.';
}

/**
 * A page shows a run whose result the viewer may not read (its lineage needs scopes the viewer lacks):
 * metadata and the withheld notice, not an error page. Only that refusal is accepted; any other stays one.
 */
export function acceptWithheld<T>(outcome: GatewayOutcome<T>): GatewayOutcome<T> {
  if (
    outcome.status === 'failed' &&
    outcome.data &&
    outcome.errors.length > 0 &&
    outcome.errors.every((error) => error.reason === 'LINEAGE_ACCESS')
  )
    return { status: 'ok', data: outcome.data as T, extensions: undefined, errors: outcome.errors };
  return outcome;
}
