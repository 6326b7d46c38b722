import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { csv, sendJson, type Caller, type MethodRoutes, type TableColumn } from '@mesh/product-kit';
import type { AuditQuery, AuditStore, StoredAuditEvent } from './store';
import { ownsProduct, type ProductOwners } from '../auth/product-owners';
import { AuthenticationError } from '../auth/authenticate';

export const AuditRouteCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  BadRequest: 'BAD_REQUEST',
  BadCursor: 'BAD_CURSOR',
  Disabled: 'AUDIT_DISABLED',
  Unavailable: 'AUDIT_UNAVAILABLE',
} as const;

class AuditRouteError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A time: ISO 8601 (a date or a date-time) or epoch milliseconds. */
const time = z
  .string()
  .transform((text, context) => {
    const value = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(value)) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: 'use an ISO date (2026-01-31) or epoch ms' });
      return z.NEVER;
    }
    return value;
  })
  .optional();

const querySchema = (maxLimit: number, defaultLimit: number) =>
  z.object({
    product: z.string().min(1, 'say which product: ?product=clinical').max(100),
    from: time,
    to: time,
    subject: z.string().max(200).optional(),
    client: z.string().max(200).optional(),
    field: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
    cursor: z.string().max(100).optional(),
  });

const encodeCursor = (cursor: { at: number; id: number }) =>
  Buffer.from(`${cursor.at}.${cursor.id}`).toString('base64url');

function decodeCursor(text: string): { at: number; id: number } {
  const match = /^(\d+)\.(\d+)$/.exec(Buffer.from(text, 'base64url').toString());
  if (!match)
    throw new AuditRouteError(
      400,
      AuditRouteCode.BadCursor,
      'This cursor is not one of ours: pass `next` as sent.',
    );
  return { at: Number(match[1]), id: Number(match[2]) };
}

function readQuery(req: IncomingMessage, maxLimit: number, defaultLimit: number): AuditQuery {
  const params = Object.fromEntries(new URL(req.url ?? '/', 'http://gateway').searchParams);
  const parsed = querySchema(maxLimit, defaultLimit).safeParse(params);
  if (!parsed.success)
    throw new AuditRouteError(
      400,
      AuditRouteCode.BadRequest,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '),
    );
  const { cursor, ...rest } = parsed.data;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined && value !== '')),
    ...(cursor ? { cursor: decodeCursor(cursor) } : {}),
  } as AuditQuery;
}

const toJson = (event: StoredAuditEvent) => ({ ...event, at: new Date(event.at).toISOString() });

const CSV_COLUMNS: TableColumn[] = [
  'at',
  'product',
  'subject',
  'callerName',
  'authKind',
  'tokenId',
  'clientName',
  'clientVersion',
  'operationName',
  'operationHash',
  'fields',
  'refused',
  'rows',
  'exportFormat',
  'outcome',
].map((name) => ({ name, kind: name === 'fields' || name === 'refused' ? 'leafList' : 'leaf' }));

export interface AuditRoutesOptions {
  /** Absent when the audit is off (AUDIT=off): the routes answer 404 AUDIT_DISABLED. */
  store?: Pick<AuditStore, 'query'>;
  authenticate: (req: IncomingMessage) => Promise<Caller>;
  owners: () => ProductOwners;
}

/** `GET /audit` (JSON, paginated, newest first) and `GET /audit.csv`: a product's reads, for its owners. */
export function createAuditRoutes(options: AuditRoutesOptions): Record<string, MethodRoutes> {
  const guarded =
    (
      answer: (req: IncomingMessage, res: ServerResponse, store: Pick<AuditStore, 'query'>) => Promise<void>,
    ) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      try {
        if (!options.store)
          throw new AuditRouteError(
            404,
            AuditRouteCode.Disabled,
            'The data-access audit is off on this gateway (AUDIT=off).',
          );
        await answer(req, res, options.store);
      } catch (error) {
        if (!(error instanceof AuditRouteError)) throw error;
        sendJson(res, error.status, { error: { code: error.code, message: error.message } });
      }
    };

  async function authorize(req: IncomingMessage, product: string): Promise<void> {
    let caller: Caller;
    try {
      caller = await options.authenticate(req);
    } catch (error) {
      if (error instanceof AuthenticationError)
        throw new AuditRouteError(401, AuditRouteCode.Unauthenticated, error.message);
      throw error;
    }
    if (!caller.subject)
      throw new AuditRouteError(
        401,
        AuditRouteCode.Unauthenticated,
        'Sign in first: send "Authorization: Bearer <token>".',
      );
    if (!ownsProduct(caller, product, options.owners()))
      throw new AuditRouteError(
        403,
        AuditRouteCode.Forbidden,
        `Only the owners of "${product}" may read its audit; ask an administrator to add you to PRODUCT_OWNERS.`,
      );
  }

  return {
    '/audit': {
      GET: guarded(async (req, res, store) => {
        const query = readQuery(req, 1_000, 100);
        await authorize(req, query.product);
        const page = await store.query(query);
        sendJson(res, 200, {
          product: query.product,
          events: page.events.map(toJson),
          next: page.next ? encodeCursor(page.next) : null,
        });
      }),
    },
    '/audit.csv': {
      GET: guarded(async (req, res, store) => {
        const query = readQuery(req, 100_000, 10_000);
        await authorize(req, query.product);
        const page = await store.query(query);
        let body = csv.header(CSV_COLUMNS);
        for (const event of page.events) {
          const row = toJson(event) as Record<string, unknown>;
          body += csv.row(
            CSV_COLUMNS,
            CSV_COLUMNS.map((column) => row[column.name]),
          );
        }
        res.writeHead(200, {
          'content-type': csv.contentType,
          'content-disposition': `attachment; filename="audit-${query.product.replace(/[^\w.-]/g, '_')}.csv"`,
          'cache-control': 'no-store',
          ...(page.next ? { 'x-audit-next': encodeCursor(page.next) } : {}),
        });
        res.end(body);
      }),
    },
  };
}
