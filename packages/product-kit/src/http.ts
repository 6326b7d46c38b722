import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { ErrorCode } from './errors';
import { DEFAULT_MAX_JSON_DEPTH, jsonTooDeep, tooDeepMessage } from './json-depth';

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  scope: { requestId: string; logger: Logger },
) => Promise<void> | void;

/** A route answering several methods, e.g. `{ GET: handler, POST: handler }`; other methods get 405. */
export type MethodRoutes = Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', RouteHandler>>;

export interface RequestScope {
  req: IncomingMessage;
  requestId: string;
  logger: Logger;
  /** The exact body bytes received (POST), e.g. to check a signed digest of them. */
  body?: Buffer;
  /** The URL's query string (`?…`), empty when none. */
  search?: string;
}

/**
 * Socket timeouts of a service (every node:http server of the mesh is made here): a client that sends its
 * headers or body slowly, or holds a connection idle, is cut instead of holding a socket for ever.
 */
export interface HttpTimeouts {
  /** The complete request headers must arrive within this (HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** The complete request, body included, must arrive within this (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way is closed after this (SOCKET_TIMEOUT_MS). */
  socketTimeoutMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  // Clients of the mesh (undici, browsers) follow the Keep-Alive hint the server sends with this value.
  keepAliveTimeoutMs: 5_000,
  socketTimeoutMs: 120_000,
};

export interface HttpServiceOptions<TContext extends BaseContext> {
  host: string;
  port: number;
  logger: Logger;
  maxBodyBytes: number;
  /** Deepest nesting of JSON bodies and `variables` (DEFAULT_MAX_JSON_DEPTH). */
  maxJsonDepth?: number;
  timeouts?: Partial<HttpTimeouts>;
  graphql: {
    path: string;
    server: ApolloServer<TContext>;
    context(scope: RequestScope): Promise<TContext>;
    /** The body limit of one request (e.g. larger for a verified gateway hop); `maxBodyBytes` otherwise. */
    bodyLimit?(req: IncomingMessage): number;
    /** Refuses a parsed request before GraphQL sees it (e.g. the gateway's batching limits). */
    screen?(
      body: unknown,
      req: IncomingMessage,
    ): { status: number; code: string; message: string } | undefined;
  };
  /** Extra routes by exact path: a handler answers GET and HEAD; `{ GET, POST, … }` answers those methods. */
  routes?: Record<string, RouteHandler | MethodRoutes>;
  /** Browser origins allowed to call this service (CORS); none by default. */
  corsOrigins?: readonly string[];
}

export interface RunningHttpService {
  server: http.Server;
  port: number;
  /** Base URL, e.g. http://127.0.0.1:4001 */
  origin: string;
  close(): Promise<void>;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

/** A GraphQL-shaped error body, so clients that only read `errors[]` still see what went wrong. */
export function sendGraphQLError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
) {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extensions } }] });
}

/** The trace id of a W3C `traceparent` header (version-traceid-spanid-flags), so logs join across services. */
export function traceIdOf(header: string | string[] | undefined): string | undefined {
  const match = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(
    Array.isArray(header) ? (header[0] ?? '') : (header ?? ''),
  );
  return match && match[1] !== '0'.repeat(32) ? match[1] : undefined;
}

export class BodyTooLargeError extends Error {}

/** Reads a request body up to `limit` bytes; throws BodyTooLargeError beyond it. */
export async function readRequestBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readRequestBytes(req, limit)).toString('utf8');
}

/** The exact body bytes, up to `limit`; throws BodyTooLargeError beyond it. */
export async function readRequestBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function handleGraphQL<TContext extends BaseContext>(
  options: HttpServiceOptions<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  let body: unknown = undefined;
  let bytes: Buffer | undefined;
  const maxDepth = options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const tooDeep = (what: string) =>
    sendGraphQLError(res, 400, ErrorCode.BadRequest, tooDeepMessage(what, maxDepth), { reason: 'TOO_DEEP' });
  if (req.method === 'POST') {
    const limit = options.graphql.bodyLimit?.(req) ?? options.maxBodyBytes;
    let text: string;
    try {
      bytes = await readRequestBytes(req, limit);
      text = bytes.toString('utf8');
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      res.setHeader('connection', 'close');
      sendGraphQLError(
        res,
        413,
        ErrorCode.PayloadTooLarge,
        `Request body exceeds ${limit} bytes. Send variables instead of inlined data, or split the request.`,
      );
      req.destroy();
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.includes('json') && jsonTooDeep(text, maxDepth)) return tooDeep('The request body');
    if (contentType.includes('json')) {
      try {
        body = text.length === 0 ? undefined : JSON.parse(text);
      } catch (error) {
        sendGraphQLError(
          res,
          400,
          ErrorCode.BadRequest,
          `Request body is not valid JSON (${(error as Error).message}). Send {"query": "...", "variables": {...}}.`,
        );
        return;
      }
    } else {
      body = text;
    }
  }
  for (const name of ['variables', 'extensions']) {
    const param = url.searchParams.get(name);
    if (param && jsonTooDeep(param, maxDepth)) return tooDeep(`The ${name} parameter`);
  }
  const refusal = options.graphql.screen?.(body, req);
  if (refusal) {
    sendGraphQLError(res, refusal.status, refusal.code, refusal.message);
    return;
  }
  const traceId = traceIdOf(req.headers.traceparent);
  const logger = options.logger.child(traceId ? { requestId, traceId } : { requestId });
  const result = await options.graphql.server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers: toHeaderMap(req), search: url.search, body },
    context: () => options.graphql.context({ req, requestId, logger, body: bytes, search: url.search }),
  });
  res.statusCode = result.status ?? 200;
  for (const [key, value] of result.headers) res.setHeader(key, value);
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * A plain node:http server for a GraphQL service: no framework on the hot path, a hard body-size limit,
 * request ids, and a graceful close that lets in-flight requests finish.
 */
export async function startHttpService<TContext extends BaseContext>(
  options: HttpServiceOptions<TContext>,
): Promise<RunningHttpService> {
  const routes = options.routes ?? {};
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };
  // Node checks header and request timeouts every connectionsCheckingInterval (30 s by default), which
  // would let a slow client keep a socket well past a short headersTimeout.
  const checkEvery = Math.max(
    100,
    Math.min(1_000, Math.floor(Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) / 2)),
  );
  const server = http.createServer({ connectionsCheckingInterval: checkEvery }, async (req, res) => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 128) || randomUUID();
    res.setHeader('x-request-id', requestId);
    const origin = req.headers.origin;
    if (origin && options.corsOrigins?.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      res.setHeader('access-control-expose-headers', 'x-request-id');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers':
            'content-type, authorization, x-request-id, apollo-require-preflight',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
    }
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === options.graphql.path) {
        await handleGraphQL(options, req, res, url, requestId);
        return;
      }
      const route = routes[url.pathname];
      const scope = { requestId, logger: options.logger.child({ requestId }) };
      if (typeof route === 'function' && (req.method === 'GET' || req.method === 'HEAD')) {
        await route(req, res, scope);
        return;
      }
      if (route && typeof route === 'object') {
        const handler = route[(req.method === 'HEAD' ? 'GET' : req.method) as keyof MethodRoutes];
        if (handler) await handler(req, res, scope);
        else
          sendGraphQLError(
            res,
            405,
            ErrorCode.BadRequest,
            `${url.pathname} answers ${Object.keys(route).join(', ')}.`,
          );
        return;
      }
      sendGraphQLError(
        res,
        404,
        ErrorCode.NotFound,
        `No route ${req.method} ${url.pathname}. GraphQL is served at ${options.graphql.path}.`,
      );
    } catch (error) {
      options.logger.error({ err: error, requestId }, 'unhandled request error');
      if (!res.headersSent) {
        sendGraphQLError(res, 500, ErrorCode.Internal, `Internal server error (request id ${requestId}).`);
      } else {
        res.destroy();
      }
    }
  });
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.requestTimeoutMs;
  server.setTimeout(timeouts.socketTimeoutMs);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { server, port, origin, close };
}
