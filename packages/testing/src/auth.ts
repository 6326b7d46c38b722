import { SignJWT } from 'jose';
import { request } from 'undici';
import { DEV_JWT_AUDIENCE, DEV_JWT_ISSUER, DEV_JWT_SECRET } from '@mesh/gateway';
import {
  createIdentitySigner,
  DEFAULT_ROLE_SCOPES,
  DEMO_USERS,
  DEV_IDENTITY_SECRET,
  IDENTITY_HEADER,
  scopesForRoles,
  type Caller,
} from '@mesh/product-kit';

/** A demo user's JWT, signed with the development secret the gateway uses by default (as `/auth/login` does). */
export async function demoToken(username: string, ttlSeconds = 3600): Promise<string> {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no demo user ${username}: ${DEMO_USERS.map((u) => u.username).join(', ')}`);
  return new SignJWT({ name: user.name, roles: user.roles })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.username)
    .setIssuer(DEV_JWT_ISSUER)
    .setAudience(DEV_JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(new TextEncoder().encode(DEV_JWT_SECRET));
}

/** `{ authorization: 'Bearer …' }` for a demo user (alice analyst, carol clinician, gene, ada admin, bob). */
export async function asUser(username: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await demoToken(username)}` };
}

export function demoCaller(username: string): Caller {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  return {
    kind: 'user',
    subject: user.username,
    name: user.name,
    roles: user.roles,
    scopes: scopesForRoles(user.roles, DEFAULT_ROLE_SCOPES),
  };
}

const signer = createIdentitySigner(DEV_IDENTITY_SECRET);

/** The request a signed identity is for (the gateway signs each product request on its own). */
export interface SignedRequest {
  /** The product URL: its `/graphql` or `/bulk`. */
  url: string;
  body: string;
  method?: string;
}

/** Headers for one request, signed for it as the gateway would (see productIdentity). */
export type SignedHeaders = (request: SignedRequest) => Promise<Record<string, string>>;

const productNames = new Map<string, Promise<string>>();

/** A product's name, from its `/health` (what the gateway knows as the subgraph name). */
function productNameOf(url: string): Promise<string> {
  const origin = new URL(url).origin;
  let name = productNames.get(origin);
  if (!name) {
    name = request(`${origin}/health`)
      .then((response) => response.body.json())
      .then((body) => String((body as { product: string }).product));
    productNames.set(origin, name);
  }
  return name;
}

/**
 * Signs direct product calls as the gateway would for this caller (development identity secret): each
 * request gets its own header, for its product (from its `/health` unless `product` is given), endpoint and
 * body — a header fits one request only. What a product test needs to act as a signed-in user.
 */
export async function productIdentity(
  caller: string | Caller,
  product?: string,
  /** `recording`: as the gateway signs its own call recording a run (the `rec` claim). */
  options: { recording?: boolean } = {},
): Promise<SignedHeaders> {
  const who = typeof caller === 'string' ? demoCaller(caller) : caller;
  return async ({ url, body, method = 'POST' }) => {
    const parsed = new URL(url);
    const header = signer(
      who,
      product ?? (await productNameOf(url)),
      {
        method,
        route: parsed.pathname.endsWith('/bulk') ? 'bulk' : 'graphql',
        search: parsed.search,
        body,
      },
      options,
    );
    return { [IDENTITY_HEADER]: header };
  };
}
