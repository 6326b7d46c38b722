import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { sendGraphQLError, sendJson, type Logger } from '@mesh/product-kit';
import { authenticate, type Principal } from '../auth';
import { RegistryError, RegistryErrorCode } from '../errors';
import {
  catalogDocument,
  productDocument,
  productVersionDocument,
  productVersionSchema,
  searchCatalogEntries,
} from '../operations/catalog';
import type { RegistryContext } from '../operations/context';
import { ingestUsage } from '../operations/ingest-usage';
import { createTokensStorage } from '../storage/tokens-storage';
import { readJsonBody, sendJsonLd, sendRegistryError } from './respond';
import { handleSupergraph } from './supergraph-route';

export interface RouteOptions {
  ctx: RegistryContext;
  logger: Logger;
  adminTokenHash: string;
  maxBodyBytes: number;
  maxLongPollSeconds: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, match: RegExpExecArray) => Promise<void>;

/**
 * The registry's plain-HTTP endpoints, where HTTP semantics matter (ETag/304/long-poll, content negotiation,
 * ingestion). The kit's server routes GET requests by exact path only, so these are dispatched in front
 * of its handler, which keeps serving /graphql, /health and /ready (and 404s).
 */
export function installRoutes(server: Server, options: RouteOptions): void {
  const { ctx } = options;
  const principalOf = (req: IncomingMessage): Promise<Principal> =>
    authenticate(req.headers.authorization, {
      adminTokenHash: options.adminTokenHash,
      tokens: createTokensStorage(ctx.db),
    });
  const decode = (value: string) => decodeURIComponent(value);

  const routes: { method: string; pattern: RegExp; handle: Handler }[] = [
    {
      method: 'GET',
      pattern: /^\/supergraph$/,
      handle: async (req, res, url) =>
        handleSupergraph(ctx, await principalOf(req), req, res, url, options.maxLongPollSeconds),
    },
    {
      method: 'POST',
      pattern: /^\/usage$/,
      handle: async (req, res) => {
        const principal = await principalOf(req);
        const body = await readJsonBody(req, options.maxBodyBytes);
        sendJson(res, 202, await ingestUsage(ctx, principal, body));
      },
    },
    {
      method: 'GET',
      pattern: /^\/catalog$/,
      handle: async (req, res) => sendJsonLd(req, res, await catalogDocument(ctx)),
    },
    {
      method: 'GET',
      pattern: /^\/catalog\/search$/,
      handle: async (_req, res, url) => {
        const query = url.searchParams.get('q') ?? '';
        const limit = Number(url.searchParams.get('limit') ?? 20) || 20;
        sendJson(res, 200, { query, hits: await searchCatalogEntries(ctx, query, limit) });
      },
    },
    {
      method: 'GET',
      pattern: /^\/products\/([^/]+)$/,
      handle: async (req, res, _url, m) => sendJsonLd(req, res, await productDocument(ctx, decode(m[1]!))),
    },
    {
      method: 'GET',
      pattern: /^\/products\/([^/]+)\/versions\/([^/]+)$/,
      handle: async (req, res, _url, m) =>
        sendJsonLd(req, res, await productVersionDocument(ctx, decode(m[1]!), decode(m[2]!))),
    },
    {
      method: 'GET',
      pattern: /^\/products\/([^/]+)\/versions\/([^/]+)\/schema\.graphql$/,
      handle: async (_req, res, _url, m) => {
        const sdl = await productVersionSchema(ctx, decode(m[1]!), decode(m[2]!));
        res.writeHead(200, {
          'content-type': 'application/graphql; charset=utf-8',
          'content-length': Buffer.byteLength(sdl),
        });
        res.end(sdl);
      },
    },
  ];

  const [kitHandler] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes.find((r) => r.pattern.test(url.pathname));
    if (!route) {
      kitHandler!(req, res);
      return;
    }
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 128) || randomUUID();
    res.setHeader('x-request-id', requestId);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method !== route.method) {
      res.setHeader('allow', route.method);
      sendGraphQLError(res, 405, 'METHOD_NOT_ALLOWED', `${url.pathname} answers ${route.method} only.`);
      return;
    }
    route.handle(req, res, url, route.pattern.exec(url.pathname)!).catch((error: unknown) => {
      if (error instanceof RegistryError) {
        if (error.code === RegistryErrorCode.PayloadTooLarge) res.setHeader('connection', 'close');
        if (!res.headersSent) sendRegistryError(res, error);
        if (error.code === RegistryErrorCode.PayloadTooLarge) req.destroy();
        return;
      }
      options.logger.error({ err: error, requestId, path: url.pathname }, 'unhandled request error');
      if (!res.headersSent)
        sendGraphQLError(
          res,
          500,
          'INTERNAL_SERVER_ERROR',
          `Internal server error (request id ${requestId}).`,
        );
      else res.destroy();
    });
  });
}
