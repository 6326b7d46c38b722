import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import {
  BodyTooLargeError,
  DEFAULT_MAX_JSON_DEPTH,
  jsonTooDeep,
  readRequestBody,
  tooDeepMessage,
  sendJson,
  type Caller,
  type Logger,
  type MethodRoutes,
} from '@mesh/product-kit';
import { ExportError, ExportErrorCode } from './errors';
import type { ExecuteOperation, OperationResult } from './execute';
import { createArrowEncoder } from './arrow';
import { createBulkExporter, EXPORT_PATH_HEADER, type BulkExportOptions } from './bulk';
import { arrowFormat, encoderFor, type RowEncoder } from './formats';
import { planExport, shapeOfOperation, type ExportPlan } from './plan';
import { flattenElement, valueAt } from './rows';
import { ClientGoneError, StreamWriter } from './stream-writer';

const exportRequest = z.object({
  query: z.string().min(1, 'query is required'),
  variables: z.record(z.string(), z.unknown()).optional(),
  operationName: z.string().min(1).optional(),
  format: z.enum(['csv', 'ndjson', 'arrow']).default('csv'),
  path: z
    .string()
    .regex(
      /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)*$/,
      'path is response keys joined by dots, e.g. patients.nodes',
    )
    .optional(),
  explode: z
    .string()
    .regex(
      /^[_A-Za-z][_0-9A-Za-z]*(\.[_A-Za-z][_0-9A-Za-z]*)*$/,
      'explode is response keys joined by dots, e.g. samples',
    )
    .optional(),
  /**
   * CSV: `false` writes exactly the stored text. By default a cell starting with = + - @ (a spreadsheet
   * formula) gets a leading `'` so a spreadsheet shows it as text (OWASP CSV injection).
   */
  csvSafe: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
    .optional(),
  /** `false` forces the GraphQL path even when a product's row stream could answer (compare, debug). */
  bulk: z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]).optional(),
});
type ExportRequest = z.infer<typeof exportRequest>;

export interface ExportRouteOptions {
  execute: ExecuteOperation;
  /** The API schema being served (changes on hot reload). */
  schema: () => GraphQLSchema | undefined;
  maxBodyBytes: number;
  logger: Logger;
  /**
   * The bulk path: plain rows of one product's root list are streamed by that product's `POST /bulk`
   * and piped through, instead of GraphQL execution page by page. Without it, always GraphQL.
   */
  bulk?: BulkExportOptions;
  /** Told when an export stream ends (metrics). */
  observe?: ExportObserver;
  /** Told what an export read once its stream ends (the data-access audit); `caller` when already known. */
  audit?: (read: ExportAuditRead) => void;
}

export interface ExportAuditRead {
  req: IncomingMessage;
  caller?: Caller;
  schema: GraphQLSchema;
  document: DocumentNode;
  query: string;
  operationName?: string;
  format: string;
  rows: number;
  outcome: 'ok' | 'error';
}

export type ExportObserver = (
  path: 'bulk' | 'graphql',
  format: string,
  outcome: 'done' | 'client_gone' | 'failed',
) => void;

/** Codes of GraphQL errors that are the caller's to fix, with the HTTP status an export answers them with. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

async function readExportRequest(req: IncomingMessage, maxBodyBytes: number): Promise<ExportRequest> {
  let raw: Record<string, unknown>;
  if (req.method === 'POST') {
    let text: string;
    try {
      text = await readRequestBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        throw new ExportError(
          ExportErrorCode.PayloadTooLarge,
          `Request body exceeds ${maxBodyBytes} bytes.`,
          413,
        );
      throw error;
    }
    if (jsonTooDeep(text))
      throw new ExportError(
        ExportErrorCode.BadRequest,
        tooDeepMessage('The request body', DEFAULT_MAX_JSON_DEPTH),
      );
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new ExportError(
        ExportErrorCode.BadRequest,
        `Request body is not valid JSON (${(error as Error).message}). Send {"query": "...", "variables": {...}, "format": "csv", "path": "patients.nodes"}.`,
      );
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new ExportError(ExportErrorCode.BadRequest, 'Request body must be a JSON object with a "query".');
  } else {
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    raw = Object.fromEntries(params);
    if (params.has('variables')) {
      if (jsonTooDeep(params.get('variables')!))
        throw new ExportError(
          ExportErrorCode.BadRequest,
          tooDeepMessage('The variables parameter', DEFAULT_MAX_JSON_DEPTH),
        );
      try {
        raw.variables = JSON.parse(params.get('variables')!);
      } catch (error) {
        throw new ExportError(
          ExportErrorCode.BadRequest,
          `variables is not valid JSON (${(error as Error).message}); URL-encode a JSON object.`,
        );
      }
    }
  }
  const parsed = exportRequest.safeParse(raw);
  if (!parsed.success)
    throw new ExportError(
      ExportErrorCode.BadRequest,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; '),
    );
  return parsed.data;
}

function failedOperation(result: OperationResult): ExportError {
  const errors = result.body.errors ?? [];
  const status = errors
    .map((error) => CLIENT_ERROR_STATUS[error.extensions?.code ?? ''])
    .find((code) => code !== undefined);
  return new ExportError(
    ExportErrorCode.QueryFailed,
    `The query failed: ${errors.map((error) => error.message).join('; ') || `HTTP ${result.status}`}`,
    status ?? (result.status >= 400 ? result.status : 502),
    errors,
  );
}

function sendExportError(res: ServerResponse, error: ExportError) {
  sendJson(res, error.status, {
    errors: [{ message: error.message, extensions: { code: error.code } }, ...(error.graphqlErrors ?? [])],
  });
}

/** `GET|POST /export`: runs a query (following its pages) and streams one list of the answer as CSV or NDJSON. */
export function createExportRoute(options: ExportRouteOptions): MethodRoutes {
  const tryBulk = options.bulk ? createBulkExporter(options.bulk) : undefined;
  const handler = async (
    req: IncomingMessage,
    res: ServerResponse,
    scope: { requestId: string; logger: Logger },
  ) => {
    const log = options.logger.child({ module: 'export', requestId: scope.requestId });
    let request: ExportRequest;
    let plan: ExportPlan;
    let encoder: RowEncoder | typeof arrowFormat;
    let document: DocumentNode;
    let schema: GraphQLSchema | undefined;
    try {
      request = await readExportRequest(req, options.maxBodyBytes);
      const format = request.format === 'arrow' ? arrowFormat : encoderFor(request.format, request.csvSafe);
      if (!format)
        throw new ExportError(
          ExportErrorCode.FormatUnavailable,
          `format "${request.format}" is not available on this gateway; use csv, ndjson or arrow.`,
          406,
        );
      encoder = format;
      schema = options.schema();
      if (!schema)
        throw new ExportError('SERVICE_UNAVAILABLE', 'The gateway has no schema yet; retry shortly.', 503);
      try {
        document = parse(request.query);
      } catch (error) {
        throw new ExportError('GRAPHQL_PARSE_FAILED', (error as Error).message);
      }
      plan = planExport(
        shapeOfOperation(schema, document, request.operationName),
        request.path,
        request.explode,
      );
    } catch (error) {
      if (error instanceof ExportError) return sendExportError(res, error);
      throw error;
    }
    const audit = (read: Pick<ExportAuditRead, 'caller' | 'rows' | 'outcome'>) =>
      options.audit?.({
        req,
        schema: schema!,
        document,
        query: request.query,
        operationName: request.operationName,
        format: request.format,
        ...read,
      });
    if (tryBulk && request.bulk !== false && 'row' in encoder) {
      const answered = await tryBulk({
        req,
        res,
        requestId: scope.requestId,
        request,
        document,
        schema,
        plan,
        encoder,
        log,
        observe: (outcome) => options.observe?.('bulk', request.format, outcome),
        audit: (caller, rows, outcome) => audit({ caller, rows, outcome }),
      });
      if (answered) return;
    }
    await streamExport(req, res, scope, {
      request,
      plan,
      encoder,
      execute: options.execute,
      log,
      observe: (outcome) => options.observe?.('graphql', request.format, outcome),
      audit: (rows, outcome) => audit({ rows, outcome }),
    });
  };
  return { GET: handler, POST: handler };
}

async function streamExport(
  req: IncomingMessage,
  res: ServerResponse,
  scope: { requestId: string; logger: Logger },
  {
    request,
    plan,
    encoder,
    execute,
    log,
    observe,
    audit,
  }: {
    request: ExportRequest;
    plan: ExportPlan;
    encoder: RowEncoder | typeof arrowFormat;
    execute: ExecuteOperation;
    log: Logger;
    observe: (outcome: 'done' | 'client_gone' | 'failed') => void;
    audit: (rows: number, outcome: 'ok' | 'error') => void;
  },
) {
  const started = Date.now();
  const runPage = async (after: unknown) => {
    const variables = plan.paging
      ? { ...request.variables, [plan.paging.afterVariable]: after }
      : request.variables;
    const result = await execute(
      req,
      { query: request.query, variables, operationName: request.operationName },
      scope,
    );
    if (result.body.errors?.length || !result.body.data) throw failedOperation(result);
    return result.body.data;
  };
  const writer = new StreamWriter(res);
  const arrow = 'row' in encoder ? null : createArrowEncoder(plan.columns);
  let rows = 0;
  let pages = 0;
  let cursor: unknown = plan.paging ? (request.variables?.[plan.paging.afterVariable] ?? null) : undefined;
  let next: Promise<Record<string, unknown>> | null = runPage(cursor);
  try {
    while (next) {
      const data: Record<string, unknown> = await next;
      pages += 1;
      // Ask for the next page before writing this one: the products work while this page streams out.
      const info = plan.paging
        ? (valueAt(data, [...plan.paging.connectionPath, 'pageInfo']) as
            { hasNextPage?: boolean; endCursor?: string } | undefined)
        : undefined;
      if (info?.hasNextPage && info.endCursor === cursor)
        throw new Error(`the connection returned endCursor ${String(cursor)} again; stopping, not looping`);
      cursor = info?.endCursor;
      next = info?.hasNextPage && info.endCursor && !res.destroyed ? runPage(info.endCursor) : null;
      next?.catch(() => undefined); // observed below; avoids an unhandled rejection if we stop first
      if (!res.headersSent) {
        const name = plan.listPath.join('-');
        res.writeHead(200, {
          'content-type': encoder.contentType,
          'content-disposition': `attachment; filename="${name}.${encoder.extension}"`,
          'cache-control': 'no-store',
          [EXPORT_PATH_HEADER]: 'graphql',
        });
        const header = 'header' in encoder ? encoder.header(plan.columns) : '';
        if (header) await writer.write(header);
      }
      const list = valueAt(data, plan.listPath);
      const pageRows: unknown[][] = [];
      if (Array.isArray(list)) {
        for (const element of list) {
          for (const values of flattenElement(element, plan)) {
            rows += 1;
            if (arrow || !('row' in encoder)) {
              pageRows.push(values as unknown[]);
              continue;
            }
            const waiting = writer.write(encoder.row(plan.columns, values));
            if (waiting) await waiting;
          }
        }
      }
      // Arrow: one record batch per page.
      if (arrow) await writer.writeBytes(arrow.page(pageRows));
      await writer.flush(); // each page goes out as it arrives
    }
    if (arrow) await writer.writeBytes(arrow.end());
    await writer.flush();
    res.end();
    log.info({ rows, pages, bytes: writer.bytes, ms: Date.now() - started }, 'export done');
    observe('done');
    audit(rows, 'ok');
  } catch (error) {
    // Rows that went out were read, whatever ended the stream.
    audit(rows, 'error');
    if (!res.headersSent && error instanceof ExportError) return sendExportError(res, error);
    if (error instanceof ClientGoneError) {
      log.info({ rows, pages }, 'export stopped: client went away');
      observe('client_gone');
      return;
    }
    observe('failed');
    // Mid-stream: the status is sent. Closing the socket without the final chunk (after what was written
    // drains) makes every HTTP client report an incomplete body instead of a short, valid-looking file.
    log.error({ err: error, rows, pages }, 'export failed mid-stream; connection terminated');
    if (!res.headersSent) throw error;
    if (res.socket) res.socket.end();
    else res.destroy();
  }
}
