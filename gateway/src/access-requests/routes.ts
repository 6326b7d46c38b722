import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { sendJson, type Caller, type MethodRoutes } from '@mesh/product-kit';
import type { Authenticator } from '../auth/authenticate';
import { handleRoute, parseBody, readJsonBody, RouteError } from '../rest-route';
import type { GrantView } from './grants';
import { ownedProducts, ownsProduct, type ProductOwners } from '../auth/product-owners';
import type { AccessRequestTable } from './store';

/** Stable codes of the access-request routes' refusals. */
export const AccessRequestCode = {
  BadRequest: 'BAD_REQUEST',
  Unauthenticated: 'UNAUTHENTICATED',
  UnknownProduct: 'UNKNOWN_PRODUCT',
  ScopeNotOfProduct: 'SCOPE_NOT_OF_PRODUCT',
  AlreadyGranted: 'ALREADY_GRANTED',
  AlreadyRequested: 'ALREADY_REQUESTED',
  NotOwner: 'NOT_PRODUCT_OWNER',
  OwnRequest: 'OWN_REQUEST',
  NotFound: 'NOT_FOUND',
  AlreadyDecided: 'ALREADY_DECIDED',
  ExpiryOutOfRange: 'EXPIRY_OUT_OF_RANGE',
  Disabled: 'ACCESS_REQUESTS_DISABLED',
} as const;

/** Default of ACCESS_GRANT_MAX_DAYS: the longest an approval may last. */
export const DEFAULT_ACCESS_GRANT_MAX_DAYS = 90;
/** An approval must last at least this long (a shorter one would expire before anyone could use it). */
const MIN_GRANT_MS = 1_000;

const SCOPE = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;
const requestBody = z.object({
  product: z.string().trim().min(1).max(100),
  scope: z.string().trim().regex(SCOPE, 'a scope is "<product>:<name>", e.g. genomics:read').max(200),
  purpose: z.string().trim().min(10, 'say what you need it for (10 characters at least)').max(1000),
});
const decisionBody = z.discriminatedUnion('decision', [
  z.object({
    id: z.string().min(1).max(64),
    decision: z.literal('APPROVE'),
    expiresInMinutes: z.number().int().positive().optional(),
    expiresAt: z.string().datetime({ offset: true }).optional(),
    reason: z.string().trim().max(1000).optional(),
  }),
  z.object({
    id: z.string().min(1).max(64),
    decision: z.literal('DENY'),
    reason: z.string().trim().min(1, 'say why the request is denied').max(1000),
  }),
]);

export interface AccessRequestRoutesOptions {
  authenticator: Authenticator;
  /** Absent when the gateway keeps no database (API tokens off): the routes answer 404. */
  table?: AccessRequestTable;
  grants: GrantView;
  owners: ProductOwners;
  /** The products served now (a scope is requested on one of them). */
  products: () => string[];
  maxDays?: number;
}

/**
 * `/access-requests`: a signed-in user asks for a scope of a product (POST) and sees their requests
 * (GET ?mine=1); the product's owners see theirs (GET ?owned=1) and decide (POST /access-requests/decision).
 */
export function createAccessRequestRoutes(options: AccessRequestRoutesOptions): Record<string, MethodRoutes> {
  const maxMs = (options.maxDays ?? DEFAULT_ACCESS_GRANT_MAX_DAYS) * 86_400_000;
  const handle = handleRoute;
  const table = () => {
    if (!options.table)
      throw new RouteError(404, AccessRequestCode.Disabled, 'Access requests need the gateway database.');
    return options.table;
  };
  const signedIn = async (req: IncomingMessage): Promise<Caller & { subject: string }> => {
    const caller = await options.authenticator.authenticate(req.headers.authorization);
    if (caller.kind === 'anonymous' || !caller.subject)
      throw new RouteError(
        401,
        AccessRequestCode.Unauthenticated,
        'Sign in first: send "Authorization: Bearer <token>".',
      );
    return caller as Caller & { subject: string };
  };
  const expiryOf = (body: { expiresInMinutes?: number; expiresAt?: string }): number => {
    const now = Date.now();
    if ((body.expiresInMinutes === undefined) === (body.expiresAt === undefined))
      throw new RouteError(
        400,
        AccessRequestCode.ExpiryOutOfRange,
        'An approval needs an expiry: send expiresInMinutes or expiresAt (one of them).',
      );
    const at =
      body.expiresAt !== undefined ? Date.parse(body.expiresAt) : now + body.expiresInMinutes! * 60_000;
    if (at - now < MIN_GRANT_MS || at - now > maxMs)
      throw new RouteError(
        400,
        AccessRequestCode.ExpiryOutOfRange,
        `The expiry must be in the future and at most ${maxMs / 86_400_000} days away (ACCESS_GRANT_MAX_DAYS).`,
      );
    return at;
  };

  return {
    '/access-requests': {
      GET: handle(async (req, res) => {
        const caller = await signedIn(req);
        const params = new URL(req.url ?? '/', 'http://gateway').searchParams;
        const owned = ownedProducts(caller, options.products(), options.owners);
        if (params.get('owned') === '1') {
          sendJson(res, 200, {
            owned,
            requests: owned.length === 0 ? [] : await table().forProducts(owned),
          });
          return;
        }
        sendJson(res, 200, { owned, requests: await table().mine(caller.subject) });
      }),
      POST: handle(async (req, res) => {
        const caller = await signedIn(req);
        const body = parseBody(requestBody, await readJsonBody(req, 16 * 1024));
        const products = options.products();
        if (!products.includes(body.product))
          throw new RouteError(
            400,
            AccessRequestCode.UnknownProduct,
            `No product "${body.product}" on this mesh. Products: ${products.join(', ')}.`,
          );
        if (!body.scope.startsWith(`${body.product}:`))
          throw new RouteError(
            400,
            AccessRequestCode.ScopeNotOfProduct,
            `A request on ${body.product} is for one of its scopes (${body.product}:…), not ${body.scope}.`,
          );
        if (caller.scopes.includes(body.scope))
          throw new RouteError(409, AccessRequestCode.AlreadyGranted, `You already have ${body.scope}.`);
        const pending = await table().pending(caller.subject, body.scope);
        if (pending)
          throw new RouteError(
            409,
            AccessRequestCode.AlreadyRequested,
            `You asked for ${body.scope} already (request ${pending.id}); wait for the owners' decision.`,
          );
        const created = await table().create({
          ...body,
          subject: caller.subject,
          // The column holds 200 characters (PostgreSQL enforces it); a display name is only shown.
          requesterName: caller.name === null ? null : caller.name.slice(0, 200),
        });
        sendJson(res, 201, created);
      }),
    },
    '/access-requests/decision': {
      POST: handle(async (req, res) => {
        const caller = await signedIn(req);
        const body = parseBody(decisionBody, await readJsonBody(req, 16 * 1024));
        const request = await table().get(body.id);
        if (!request)
          throw new RouteError(404, AccessRequestCode.NotFound, `No access request with id ${body.id}.`);
        if (!ownsProduct(caller, request.product, options.owners))
          throw new RouteError(
            403,
            AccessRequestCode.NotOwner,
            `Only the owners of ${request.product} decide its access requests (PRODUCT_OWNERS).`,
          );
        if (request.subject === caller.subject)
          throw new RouteError(
            403,
            AccessRequestCode.OwnRequest,
            'Another owner must decide your own request.',
          );
        if (request.status !== 'PENDING')
          throw new RouteError(
            409,
            AccessRequestCode.AlreadyDecided,
            `This request is ${request.status} already.`,
          );
        const decidedBy = caller.subject;
        const expiresAt = body.decision === 'APPROVE' ? expiryOf(body) : undefined;
        const decided = await table().decide(
          body.id,
          body.decision === 'APPROVE'
            ? { decision: 'APPROVE', expiresAt: expiresAt!, decidedBy, reason: body.reason || undefined }
            : { decision: 'DENY', reason: body.reason, decidedBy },
        );
        if (!decided)
          throw new RouteError(
            409,
            AccessRequestCode.AlreadyDecided,
            'Another owner decided this request first.',
          );
        if (expiresAt !== undefined)
          options.grants.add({ subject: request.subject, scope: request.scope, expiresAt });
        sendJson(res, 200, await table().get(body.id));
      }),
    },
  };
}
