import {
  createHash,
  createHmac,
  createSecretKey,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, type Caller } from './caller';
import { SeenNonces } from './seen-nonces';
import { ErrorCode } from '../errors';
import { PUBLISHED_DEV_SECRETS } from '../production';

/** The header that carries the caller from the gateway to the products. */
export const IDENTITY_HEADER = 'x-mesh-identity';
/**
 * DEV ONLY default of MESH_IDENTITY_SECRET, shared by the gateway (signs) and the products (verify).
 * Any deployment beyond a laptop sets its own secret; products refuse identities signed with another.
 */
export const DEV_IDENTITY_SECRET: string = PUBLISHED_DEV_SECRETS.DEV_IDENTITY_SECRET;

/** How long a signed identity is good for: one hop, so seconds (MESH_IDENTITY_LIFETIME_SECONDS). */
export const DEFAULT_IDENTITY_LIFETIME_SECONDS = 30;
/** Clock difference between gateway and product hosts a product tolerates (MESH_IDENTITY_CLOCK_SKEW_SECONDS). */
export const DEFAULT_IDENTITY_CLOCK_SKEW_SECONDS = 5;
/** Longest lifetime a product accepts (MESH_IDENTITY_MAX_LIFETIME_SECONDS): it sizes the nonce set. */
export const DEFAULT_IDENTITY_MAX_LIFETIME_SECONDS = 60;

const ISSUER = 'mesh-gateway';
/**
 * Compact HS256 JWS written by hand on node:crypto rather than jose's SignJWT/jwtVerify: the gateway now
 * signs on every product fetch and the product verifies every request, and jose's async API costs several
 * times as much per header (scripts/bench/identity-header.ts; docs/BENCHMARKS.md). The format stays a
 * standard JWT. Verification accepts exactly this protected header, so no other algorithm can be chosen.
 */
const PROTECTED_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** The endpoint of a product an identity is signed for. */
export type HopRoute = 'graphql' | 'bulk';

/** The request a signed identity travels with: its digest is signed, so the header fits this request only. */
export interface HopRequest {
  method: string;
  route: HopRoute;
  /** The URL's query string as sent (`?…`), empty when none. */
  search?: string;
  /** The exact body bytes (a string is taken as its UTF-8 bytes). */
  body: string | Uint8Array;
}

/** SHA-256 (base64url) of method, route, query string and exact body bytes. */
export function hopDigest(request: HopRequest): string {
  return createHash('sha256')
    .update(`${request.method.toUpperCase()} /${request.route}${request.search ?? ''}\n`)
    .update(request.body)
    .digest('base64url');
}

interface IdentityClaims {
  iss: string;
  /** The one product (subgraph name) this identity is for. */
  aud: string;
  iat: number;
  exp: number;
  /** Nonce: a product accepts each once. */
  jti: string;
  /** hopDigest of the request the identity was signed for. */
  hop: string;
  kind: Caller['kind'];
  sub?: string;
  name?: string;
  roles: string[];
  scopes: string[];
  tid?: string;
  /** Set only on the gateway's own call that records a run: the workspace trusts that call's lineage. */
  rec?: true;
}

function keyCache(secretOf: (product: string) => string) {
  const keys = new Map<string, KeyObject>();
  return (product: string): KeyObject => {
    let key = keys.get(product);
    if (!key) {
      key = createSecretKey(Buffer.from(secretOf(product), 'utf8'));
      keys.set(product, key);
    }
    return key;
  };
}

export interface IdentitySignerOptions {
  /** Seconds a header is good for (default DEFAULT_IDENTITY_LIFETIME_SECONDS). */
  lifetimeSeconds?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** `recording`: the gateway records a run it executed itself (signed claim `rec`; see Caller.recording). */
export type IdentitySigner = (
  caller: Caller,
  product: string,
  request: HopRequest,
  options?: { recording?: boolean },
) => string;

/**
 * Signs a caller into the identity header of ONE request to ONE product: audience the product, a lifetime
 * of seconds, the digest of the request it travels with, and a nonce. Anonymous callers are signed too, so
 * a product tells a gateway hop (larger body limit) from a direct call. `secret` may differ per product.
 */
export function createIdentitySigner(
  secret: string | ((product: string) => string),
  options: IdentitySignerOptions = {},
): IdentitySigner {
  const keyOf = keyCache(typeof secret === 'string' ? () => secret : secret);
  const lifetime = options.lifetimeSeconds ?? DEFAULT_IDENTITY_LIFETIME_SECONDS;
  const now = options.now ?? Date.now;
  return (caller, product, request, signOptions) => {
    const iat = Math.floor(now() / 1000);
    const claims: IdentityClaims = {
      iss: ISSUER,
      aud: product,
      iat,
      exp: iat + lifetime,
      jti: randomBytes(16).toString('base64url'),
      hop: hopDigest(request),
      kind: caller.kind,
      ...(caller.subject ? { sub: caller.subject } : {}),
      ...(caller.name ? { name: caller.name } : {}),
      roles: caller.roles,
      scopes: caller.scopes,
      ...(caller.tokenId ? { tid: caller.tokenId } : {}),
      ...(signOptions?.recording ? { rec: true as const } : {}),
    };
    const signingInput = `${PROTECTED_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = createHmac('sha256', keyOf(product)).update(signingInput).digest('base64url');
    return `${signingInput}.${signature}`;
  };
}

/** Why an identity header was refused (`extensions.reason` of the 401). */
export const IdentityRefusalReason = {
  Malformed: 'IDENTITY_MALFORMED',
  Signature: 'IDENTITY_SIGNATURE',
  Audience: 'IDENTITY_AUDIENCE',
  Expired: 'IDENTITY_EXPIRED',
  RequestMismatch: 'IDENTITY_REQUEST_MISMATCH',
  Replayed: 'IDENTITY_REPLAYED',
} as const;
export type IdentityRefusalReason = (typeof IdentityRefusalReason)[keyof typeof IdentityRefusalReason];

function refused(reason: IdentityRefusalReason, detail: string): GraphQLError {
  return new GraphQLError(
    `The ${IDENTITY_HEADER} header is refused: ${detail}. Products accept identity only from the mesh gateway, one header per request: send your request through the gateway.`,
    { extensions: { code: ErrorCode.Unauthenticated, reason, http: { status: 401 } } },
  );
}

/** A header whose signature, audience and lifetime verified; its request binding is checked by `admit`. */
export interface OpenedIdentity {
  caller: Caller;
  digest: string;
  nonce: string;
  /** ms */
  expiresAt: number;
}

export interface IdentityVerifierOptions {
  secret: string;
  /** This product's name: headers signed for another product are refused. */
  audience: string;
  clockSkewSeconds?: number;
  maxLifetimeSeconds?: number;
  /** Nonces remembered at most (see SeenNonces). */
  nonceCapacity?: number;
  now?: () => number;
}

export interface IdentityVerifier {
  /** No header: null (a direct, anonymous call). A header that does not verify: throws (401). */
  open(header: string | string[] | undefined): OpenedIdentity | null;
  /** True when the opened header's nonce was already spent (a replay, refused once admitted). */
  spent(opened: OpenedIdentity): boolean;
  /** Checks the opened header against the request it came with and spends its nonce; the caller. */
  admit(opened: OpenedIdentity, request: HopRequest): Caller;
  /** open + admit; ANONYMOUS without a header. */
  verify(header: string | string[] | undefined, request: HopRequest): Caller;
}

function callerOf(claims: IdentityClaims): Caller {
  if (claims.kind === 'anonymous') return ANONYMOUS;
  return {
    kind: claims.kind === 'token' ? 'token' : 'user',
    subject: typeof claims.sub === 'string' ? claims.sub : null,
    name: typeof claims.name === 'string' ? claims.name : null,
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    scopes: Array.isArray(claims.scopes) ? claims.scopes.map(String) : [],
    ...(typeof claims.tid === 'string' ? { tokenId: claims.tid } : {}),
    ...(claims.rec === true ? { recording: true } : {}),
  };
}

/**
 * Verifies identity headers on a product: signed by the gateway with this product's secret, for this
 * product, within its lifetime (plus clock skew), for this very request (digest), and not seen before
 * (nonce). A header that fails any check is refused, never downgraded to anonymous.
 */
export function createIdentityVerifier(options: IdentityVerifierOptions): IdentityVerifier {
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  const skew = options.clockSkewSeconds ?? DEFAULT_IDENTITY_CLOCK_SKEW_SECONDS;
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_IDENTITY_MAX_LIFETIME_SECONDS;
  const now = options.now ?? Date.now;
  const seen = new SeenNonces(options.nonceCapacity);

  const open = (header: string | string[] | undefined): OpenedIdentity | null => {
    if (header === undefined || header === '') return null;
    if (Array.isArray(header)) throw refused(IdentityRefusalReason.Malformed, 'send one header, not several');
    const parts = header.split('.');
    if (parts.length !== 3 || parts[0] !== PROTECTED_HEADER)
      throw refused(IdentityRefusalReason.Malformed, 'not an HS256 JWS of the gateway');
    const expected = createHmac('sha256', key).update(`${parts[0]}.${parts[1]}`).digest();
    const given = Buffer.from(parts[2]!, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw refused(IdentityRefusalReason.Signature, 'the signature does not verify');
    let claims: IdentityClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as IdentityClaims;
    } catch {
      throw refused(IdentityRefusalReason.Malformed, 'the claims are not JSON');
    }
    if (
      claims === null ||
      typeof claims !== 'object' ||
      claims.iss !== ISSUER ||
      typeof claims.iat !== 'number' ||
      typeof claims.exp !== 'number' ||
      typeof claims.jti !== 'string' ||
      typeof claims.hop !== 'string'
    )
      throw refused(IdentityRefusalReason.Malformed, 'claims are missing');
    if (claims.aud !== options.audience)
      throw refused(
        IdentityRefusalReason.Audience,
        `it was signed for another product, not ${options.audience}`,
      );
    const seconds = now() / 1000;
    if (claims.exp - claims.iat > maxLifetime)
      throw refused(IdentityRefusalReason.Expired, `its lifetime is above ${maxLifetime} s`);
    if (seconds > claims.exp + skew || claims.iat > seconds + skew)
      throw refused(IdentityRefusalReason.Expired, 'it has expired (or is not valid yet)');
    return {
      caller: callerOf(claims),
      digest: claims.hop,
      nonce: claims.jti,
      expiresAt: (claims.exp + skew) * 1000,
    };
  };

  const admit = (opened: OpenedIdentity, request: HopRequest): Caller => {
    if (hopDigest(request) !== opened.digest)
      throw refused(
        IdentityRefusalReason.RequestMismatch,
        'it was signed for another request (method, endpoint, query string or body differ)',
      );
    if (!seen.add(opened.nonce, opened.expiresAt, now()))
      throw refused(IdentityRefusalReason.Replayed, 'it was already used');
    return opened.caller;
  };

  return {
    open,
    admit,
    spent: (opened) => seen.has(opened.nonce, now()),
    verify(header, request) {
      const opened = open(header);
      return opened ? admit(opened, request) : ANONYMOUS;
    },
  };
}
