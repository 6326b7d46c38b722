import { request } from 'undici';
import type { SignedHeaders } from './auth';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** POSTs a GraphQL operation and returns the parsed answer with its HTTP status. */
export async function graphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> | SignedHeaders = {},
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  const extra = typeof headers === 'function' ? await headers({ url, body }) : headers;
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...extra },
    body,
  });
  const answer = (await response.body.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.statusCode, ...answer };
}

/** Polls a health endpoint until it answers 200 (no fixed sleeps), or fails after `timeoutMs`. */
export async function waitForHealthy(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await request(url, { method: 'GET' });
      await response.body.dump();
      if (response.statusCode === 200) return;
      last = `HTTP ${response.statusCode}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms (${last})`);
}

/** Sends a raw body (for malformed-request tests) and returns status and parsed JSON. */
export async function postRaw(url: string, body: string | Buffer, contentType = 'application/json') {
  const response = await request(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.body.text();
  let json: GraphQLResponse | undefined;
  try {
    json = JSON.parse(text) as GraphQLResponse;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, json, text };
}

/**
 * Polls `check` until it returns a value other than undefined (no fixed sleeps: the delay doubles from 25 ms
 * to 500 ms), or fails after `timeoutMs` naming what was awaited and the last value `describe` gave.
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; describe?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  let last = 'not checked yet';
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = options.describe?.() ?? 'condition not met';
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
  throw new Error(`${what}: not after ${timeoutMs} ms (${last})`);
}
