import type { IncomingMessage } from 'node:http';
import {
  ANONYMOUS,
  createIdentityVerifier,
  DEV_IDENTITY_SECRET,
  IDENTITY_HEADER,
  type Caller,
  type HopRoute,
  type OpenedIdentity,
} from './auth';
import { PRODUCT_DEFAULTS } from './config';

export interface HopAdmissionOptions {
  maxBodyBytes?: number;
  gatewayMaxBodyBytes?: number;
  identitySecret?: string;
  identityClockSkewSeconds?: number;
  identityMaxLifetimeSeconds?: number;
}

const NO_BODY = Buffer.alloc(0);

/**
 * How a product admits a request: who the caller is (the gateway-signed identity, bound to this product and
 * this request, spent once) and how large a body it may send. A header whose signature, audience and
 * lifetime verify, and whose nonce is not yet spent, marks a gateway hop: it may send up to
 * `gatewayMaxBodyBytes` (cohorts of ids); anything else — no header, or one that will be refused — gets
 * `maxBodyBytes`, the gateway's own client limit.
 */
export function createHopAdmission(product: string, options: HopAdmissionOptions) {
  const verifier = createIdentityVerifier({
    secret: options.identitySecret ?? DEV_IDENTITY_SECRET,
    audience: product,
    clockSkewSeconds: options.identityClockSkewSeconds,
    maxLifetimeSeconds: options.identityMaxLifetimeSeconds,
  });
  const maxBodyBytes = options.maxBodyBytes ?? PRODUCT_DEFAULTS.maxBodyBytes;
  const gatewayMaxBodyBytes = Math.max(
    options.gatewayMaxBodyBytes ?? PRODUCT_DEFAULTS.gatewayMaxBodyBytes,
    maxBodyBytes,
  );
  // Opened before the body is read (for its limit), admitted once the body is there: opened once only.
  const opened = new WeakMap<IncomingMessage, OpenedIdentity>();
  return {
    maxBodyBytes,
    bodyLimit(req: IncomingMessage): number {
      try {
        const identity = verifier.open(req.headers[IDENTITY_HEADER]);
        // A spent nonce is a replayed (captured) header: it will be refused, so it buys no larger body.
        if (identity && !verifier.spent(identity)) {
          opened.set(req, identity);
          return gatewayMaxBodyBytes;
        }
      } catch {
        // Refused with its reason (401) once the request is admitted; until then a direct caller's limit.
      }
      return maxBodyBytes;
    },
    /** The caller of this request; throws UNAUTHENTICATED (401) for a header that does not fit it. */
    callerOf(
      req: IncomingMessage,
      request: { method: string; route: HopRoute; search?: string; body?: Buffer },
    ): Caller {
      const identity = opened.get(req) ?? verifier.open(req.headers[IDENTITY_HEADER]);
      if (!identity) return ANONYMOUS;
      opened.delete(req);
      return verifier.admit(identity, { ...request, body: request.body ?? NO_BODY });
    },
  };
}
export type HopAdmission = ReturnType<typeof createHopAdmission>;
