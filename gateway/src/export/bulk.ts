import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { getOperationAST, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Dispatcher } from 'undici';
import {
  BULK_PROVENANCE_HEADERS,
  BulkErrorCode,
  IDENTITY_HEADER,
  type AccessPolicy,
  type BulkRequestBody,
  type Caller,
  type IdentitySigner,
  type Logger,
  type RowEncoder,
} from '@mesh/product-kit';
import { childTraceparent, readTraceContext } from '../trace-context';
import type { UsageRecord } from '../usage-reporter';
import { decideBulk } from './bulk-eligibility';
import { cachedRouting } from './bulk-routing';
import type { ExportFormatName } from './formats';
import type { ExportPlan } from './plan';

/** What the bulk path needs of the gateway (all of it already there for `/graphql`). */
export interface BulkExportOptions {
  /** The supergraph being served: which product resolves which field, and at which URL. */
  supergraphSdl(): string;
  /** The composed access policy the gateway enforces. */
  accessPolicy(): AccessPolicy;
  /** The caller, authenticated as `/graphql` does it (throws when the credentials are refused). */
  authenticate(req: IncomingMessage): Promise<Caller>;
  /** Signs the caller into the identity header of one request to one product. */
  signIdentity: IdentitySigner;
  /** Keep-alive connection pool to the products. */
  dispatcher: Dispatcher;
  /** The gateway's validation rules (depth, aliases…) and cost limit: a bulk export meets them too. */
  validationRules?: readonly ValidationRule[];
  maxCost?: number;
  /** Counts the operation in the registry's usage report, as GraphQL execution would (registry mode). */
  reportUsage?(usage: UsageRecord): void;
  /** False: always the GraphQL path (e.g. with trusted documents, which only GraphQL execution checks). */
  enabled?: boolean;
}

export interface BulkAttempt {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  request: {
    query: string;
    variables?: Record<string, unknown>;
    operationName?: string;
    format: ExportFormatName;
    csvSafe?: boolean;
  };
  document: DocumentNode;
  schema: GraphQLSchema;
  plan: ExportPlan;
  encoder: RowEncoder;
  log: Logger;
  /** Told how the stream ended, once the bulk path has answered. */
  observe?: (outcome: 'done' | 'client_gone' | 'failed') => void;
  /** Told who read how many rows (best effort: lines streamed) once the stream ends (the audit). */
  audit?: (caller: Caller, rows: number, outcome: 'ok' | 'error') => void;
}

/** Header telling which path answered an export: `bulk` (a product's row stream) or `graphql`. */
export const EXPORT_PATH_HEADER = 'x-export-path';

/**
 * The bulk path of `/export`: when the export is plain rows of one product's root list (decideBulk), the
 * product's `POST /bulk` streams them and the gateway pipes its answer to the client, backpressure both
 * ways. Resolves false, having sent nothing, when the GraphQL path must answer instead: not eligible, the
 * product has no row stream for it (404, 422 BULK_NOT_SUPPORTED) or fails before its first byte (the
 * GraphQL path then reports the failure exactly as it always has).
 */
export function createBulkExporter(options: BulkExportOptions) {
  const routing = cachedRouting(() => options.supergraphSdl());
  /**
   * Products that answered 404 (no `/bulk`, e.g. an older kit): skipped for a minute, so their exports do not
   * pay a refused round trip each; a minute later (or on redeploy) a product that gained row streams is used.
   */
  const withoutBulk = new Map<string, number>();
  return async function tryBulk(attempt: BulkAttempt): Promise<boolean> {
    const { req, res, request, plan, encoder, log } = attempt;
    if (options.enabled === false) return false;
    const currentRouting = routing();
    if (!currentRouting) return false;
    let caller: Caller;
    try {
      caller = await options.authenticate(req);
    } catch {
      return false; // the GraphQL path answers refused credentials as /graphql does
    }
    const decision = decideBulk({
      format: request.format,
      plan,
      schema: attempt.schema,
      document: attempt.document,
      operationName: request.operationName,
      variables: request.variables,
      routing: currentRouting,
      policy: options.accessPolicy(),
      caller,
      validationRules: options.validationRules,
      maxCost: options.maxCost,
    });
    if (!decision.eligible) {
      log.debug({ reason: decision.reason }, 'export takes the GraphQL path');
      return false;
    }
    if ((withoutBulk.get(decision.url) ?? 0) > Date.now()) return false;
    const body: BulkRequestBody = {
      query: request.query,
      variables: request.variables,
      operationName: request.operationName,
      ...decision.body,
      // The product writes the CSV with the same encoder: it must know about the opt-out.
      ...(request.csvSafe === false ? { csvSafe: false } : {}),
    };
    const trace = readTraceContext(
      req.headers.traceparent as string | undefined,
      req.headers.tracestate as string | undefined,
    );
    const target = new URL(decision.url);
    const payload = JSON.stringify(body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-request-id': attempt.requestId,
      traceparent: childTraceparent(trace),
      ...(trace.state ? { tracestate: trace.state } : {}),
      // Signed for this product's /bulk, this body, seconds, once: useless for any other request.
      [IDENTITY_HEADER]: options.signIdentity(caller, decision.product, {
        method: 'POST',
        route: 'bulk',
        search: target.search,
        body: payload,
      }),
    };
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.once('close', onClose);
    let response: Dispatcher.ResponseData;
    try {
      response = await options.dispatcher.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers,
        body: payload,
        signal: abort.signal,
      });
    } catch (error) {
      res.off('close', onClose);
      if (res.destroyed) return true; // the client left while we waited
      log.warn({ err: error, product: decision.product }, 'bulk export: product unreachable; using GraphQL');
      return false;
    }
    if (response.statusCode !== 200) {
      res.off('close', onClose);
      const text = await response.body.text().catch(() => '');
      if (response.statusCode === 404) withoutBulk.set(decision.url, Date.now() + 60_000);
      const unsupported = response.statusCode === 404 || text.includes(BulkErrorCode.NotSupported);
      log[unsupported ? 'info' : 'warn'](
        { product: decision.product, status: response.statusCode, answer: text.slice(0, 500) },
        'bulk export refused by the product; using GraphQL',
      );
      return false;
    }
    options.reportUsage?.({
      schema: attempt.schema,
      document: attempt.document,
      body: request.query,
      operationName: getOperationAST(attempt.document, request.operationName)?.name?.value ?? null,
      headers: { get: (name) => [req.headers[name] ?? []].flat().join(', ') || undefined },
    });
    const started = Date.now();
    const provenance = Object.values(BULK_PROVENANCE_HEADERS).flatMap((name) => {
      const value = response.headers[name];
      return typeof value === 'string' ? [[name, value] as const] : [];
    });
    res.writeHead(200, {
      'content-type': encoder.contentType,
      'content-disposition': `attachment; filename="${plan.listPath.join('-')}.${encoder.extension}"`,
      'cache-control': 'no-store',
      [EXPORT_PATH_HEADER]: 'bulk',
      ...Object.fromEntries(provenance),
    });
    // Which side failed first: the product (its body errors) or the client (the response closes unfinished).
    let failure: 'client' | 'product' | undefined;
    response.body.once('error', () => (failure ??= 'product'));
    // Rows streamed, for the audit: lines of the text formats, less the CSV header (best effort: a quoted
    // cell holding a line break counts twice).
    let lines = 0;
    if (attempt.audit)
      response.body.on('data', (chunk: Buffer) => {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
      });
    const rowsStreamed = () => Math.max(0, lines - (request.format === 'csv' ? 1 : 0));
    res.once('close', () => {
      if (!res.writableFinished) failure ??= 'client';
    });
    try {
      await pipeline(response.body, res);
      log.info({ product: decision.product, ms: Date.now() - started }, 'bulk export done');
      attempt.observe?.('done');
      attempt.audit?.(caller, rowsStreamed(), 'ok');
    } catch (error) {
      attempt.observe?.(failure === 'client' ? 'client_gone' : 'failed');
      attempt.audit?.(caller, rowsStreamed(), 'error');
      if (failure === 'client')
        log.info({ product: decision.product }, 'bulk export stopped: client went away');
      // Mid-stream: the status is sent; a cut connection tells every HTTP client the body is incomplete.
      else
        log.error({ err: error, product: decision.product }, 'bulk export failed mid-stream; connection cut');
      res.destroy();
    } finally {
      res.off('close', onClose);
    }
    return true;
  };
}
