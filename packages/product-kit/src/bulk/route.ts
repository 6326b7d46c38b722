import type { IncomingMessage, ServerResponse } from 'node:http';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AccessPolicy, Caller, HopRoute } from '../auth';
import { ErrorCode, isClientFacingCode } from '../errors';
import { BodyTooLargeError, readRequestBytes, sendJson, type RouteHandler } from '../http';
import { DEFAULT_MAX_JSON_DEPTH, jsonTooDeep, tooDeepMessage } from '../json-depth';
import type { ProductIdentity } from '../identity';
import type { ProductContext } from '../server';
import { csvRaw, textEncoders, type RowEncoder } from './encoders';
import { BULK_PROVENANCE_HEADERS, BulkRefusal, bulkRequestSchema, planBulk, type BulkPlan } from './plan';
import { openRowReader, type RowStreams } from './row-stream';

/** What the product's `/bulk` streams did since start (what the tests and operators look at). */
export interface BulkStats {
  started: number;
  completed: number;
  /** Stopped because the client went away (iteration stopped with it). */
  aborted: number;
  /** Failed after the first byte (connection cut). */
  failed: number;
  rows: number;
}

export interface BulkRouteOptions<TStorage> {
  schema: GraphQLSchema;
  rowStreams: RowStreams<TStorage>;
  policy: AccessPolicy;
  identity: ProductIdentity;
  databaseFile: string;
  /** Body limit of this request (larger for a verified gateway hop). */
  bodyLimit(req: IncomingMessage): number;
  maxJsonDepth?: number;
  /** The caller, from the identity header bound to this request (throws 401 when it does not fit). */
  verifyCaller(
    req: IncomingMessage,
    request: { method: string; route: HopRoute; search?: string; body: Buffer },
  ): Caller;
  /** The request context a resolver would get (fresh storage with its loaders). */
  context(scope: { requestId: string; logger: Logger; caller: Caller }): ProductContext<TStorage>;
  stats: BulkStats;
  /** Counts SQL statements with the product's other ones. */
  onStatement?(): void;
}

/** HTTP status of a resolver-style error thrown by a row stream (e.g. a bad filter), by its code. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
};

/** Bytes (UTF-16 units) gathered before a write: big enough to amortise a write, small enough to stay flat. */
const CHUNK = 64 * 1024;
/** A sparse stream still sends (and yields) at least this often, so no one waits on a quiet socket. */
const MAX_QUIET_MS = 200;

function sendError(res: ServerResponse, status: number, code: string, message: string, extensions = {}) {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extensions } }] });
}

async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  try {
    return await readRequestBytes(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new BulkRefusal(413, ErrorCode.PayloadTooLarge, `Request body exceeds ${limit} bytes.`);
    throw error;
  }
}

function parseBody(text: string, maxJsonDepth: number) {
  if (jsonTooDeep(text, maxJsonDepth))
    throw new BulkRefusal(400, ErrorCode.BadRequest, tooDeepMessage('The request body', maxJsonDepth), {
      reason: 'TOO_DEEP',
    });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BulkRefusal(
      400,
      ErrorCode.BadRequest,
      `Request body is not valid JSON (${(error as Error).message}).`,
    );
  }
  const parsed = bulkRequestSchema.safeParse(raw);
  if (!parsed.success)
    throw new BulkRefusal(
      400,
      ErrorCode.BadRequest,
      `${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')}. Send {query, variables, listPath, columns: [{name, path}], format: "csv" | "ndjson", all}.`,
    );
  return parsed.data;
}

/** Resolves when the socket takes more ('drain') or the client is gone ('close'). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/**
 * `POST /bulk`: a product's storage read API beside its query API. Streams the rows of one root list field
 * as CSV or NDJSON (the gateway's encoders, same bytes), computed by the product's row stream instead of
 * GraphQL execution per field. Access is checked exactly as for GraphQL: the gateway-signed identity, the
 * product's visibility and its fields' `@authenticated` / `@requiresScopes`.
 */
export function createBulkRoute<TStorage>(options: BulkRouteOptions<TStorage>): RouteHandler {
  return async (req, res, scope) => {
    const log = scope.logger.child({ module: 'bulk' });
    let plan: BulkPlan<TStorage>;
    let encoder: RowEncoder;
    let context: ProductContext<TStorage>;
    const reader = openRowReader(options.databaseFile, options.onStatement);
    let iterator: Iterator<unknown>;
    let first: IteratorResult<unknown>;
    try {
      const bytes = await readBytes(req, options.bodyLimit(req));
      let caller: Caller;
      try {
        // Before the body is even parsed: a header signed for another request, product or moment is refused.
        const search = new URL(req.url ?? '/', 'http://localhost').search;
        caller = options.verifyCaller(req, {
          method: req.method ?? 'POST',
          route: 'bulk',
          search,
          body: bytes,
        });
      } catch (error) {
        const extensions = error instanceof GraphQLError ? { reason: error.extensions.reason } : {};
        throw new BulkRefusal(401, ErrorCode.Unauthenticated, (error as Error).message, extensions);
      }
      const body = parseBody(bytes.toString('utf8'), options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH);
      plan = planBulk(options.schema, options.rowStreams, options.policy, body, caller);
      encoder = body.format === 'csv' && body.csvSafe === false ? csvRaw : textEncoders[body.format];
      context = options.context({ requestId: scope.requestId, logger: scope.logger, caller });
      const rows = plan.stream.rows(
        { args: plan.args, all: plan.all },
        { ...context, iterate: reader.iterate },
      );
      iterator = rows[Symbol.iterator]();
      first = iterator.next(); // errors of the query itself are answered as JSON, before the first byte
    } catch (error) {
      reader.close();
      if (error instanceof BulkRefusal)
        return sendError(res, error.status, error.code, error.message, error.extensions);
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      if (error instanceof GraphQLError && isClientFacingCode(code))
        return sendJson(res, CLIENT_ERROR_STATUS[code as string] ?? 400, {
          errors: [{ message: error.message, extensions: error.extensions }],
        });
      log.error({ err: error }, 'bulk stream failed before the first byte');
      return sendError(
        res,
        500,
        ErrorCode.Internal,
        `Internal server error. Quote the request id ${scope.requestId} to the product team.`,
        { requestId: scope.requestId },
      );
    }
    options.stats.started += 1;
    res.writeHead(200, {
      'content-type': encoder.contentType,
      'cache-control': 'no-store',
      [BULK_PROVENANCE_HEADERS.product]: options.identity.name,
      [BULK_PROVENANCE_HEADERS.version]: options.identity.version,
      [BULK_PROVENANCE_HEADERS.dataVersion]: options.identity.dataVersion,
    });
    let gone = false;
    res.once('close', () => (gone = !res.writableFinished));
    const { columns } = plan;
    const values: unknown[] = new Array(columns.length);
    let rows = 0;
    try {
      let text = encoder.header(columns);
      let quietSince = performance.now();
      for (let next = first; !next.done; next = iterator.next()) {
        for (let i = 0; i < columns.length; i++) values[i] = columns[i]!.value(next.value, context);
        text += encoder.row(columns, values);
        rows += 1;
        const quiet = (rows & 511) === 0 && performance.now() - quietSince > MAX_QUIET_MS;
        if (text.length < CHUNK && !quiet) continue;
        if (gone) break;
        const open = res.write(text);
        text = '';
        // Backpressure: wait until the socket takes more; otherwise still let other requests in.
        await (open ? yieldToEventLoop() : drained(res));
        quietSince = performance.now();
        if (gone) break;
      }
      if (gone) {
        options.stats.aborted += 1;
        log.info({ rows, field: plan.coordinate }, 'bulk stream stopped: the client went away');
        return;
      }
      res.end(text);
      options.stats.completed += 1;
      log.info({ rows, field: plan.coordinate }, 'bulk stream done');
    } catch (error) {
      // After the status line: cut the connection, so the client sees an incomplete body, not a short file.
      options.stats.failed += 1;
      log.error(
        { err: error, rows, field: plan.coordinate },
        'bulk stream failed mid-stream; connection cut',
      );
      res.destroy();
    } finally {
      options.stats.rows += rows;
      iterator.return?.();
      reader.close();
    }
  };
}
