import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RegistryError, RegistryErrorCode } from './errors';
import type { TokenScope, TokensStorage } from './storage/tokens-storage';

/**
 * Who is calling. Scopes: `admin` (everything, from REGISTRY_ADMIN_TOKEN or created tokens), `product`
 * (publish, check, rollback, retire one product; read everything), `gateway` (read, report usage),
 * `read` (read only). Without a token only the public catalogue is readable.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'token'; id: string; name: string; scope: TokenScope; product: string | null };

export const ADMIN_PRINCIPAL: Principal = {
  kind: 'token',
  id: 'config',
  name: 'admin (REGISTRY_ADMIN_TOKEN)',
  scope: 'admin',
  product: null,
};

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function generateToken(scope: TokenScope): { id: string; secret: string } {
  return {
    id: randomBytes(8).toString('hex'),
    secret: `mesh_${scope}_${randomBytes(24).toString('base64url')}`,
  };
}

export function actorOf(principal: Principal): string {
  return principal.kind === 'anonymous'
    ? 'anonymous'
    : principal.id === 'config'
      ? 'admin'
      : `${principal.name} (${principal.id})`;
}

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new RegistryError(
      RegistryErrorCode.Unauthenticated,
      'The Authorization header must be "Bearer <token>".',
    );
  }
  return match[1]!;
}

/** Resolves the caller from `Authorization: Bearer <token>`. A token that is given but not valid is a 401. */
export async function authenticate(
  header: string | undefined,
  options: { adminTokenHash: string; tokens: TokensStorage },
): Promise<Principal> {
  const token = bearer(header);
  if (token === null) return { kind: 'anonymous' };
  const hash = hashToken(token);
  if (timingSafeEqual(Buffer.from(hash), Buffer.from(options.adminTokenHash))) return ADMIN_PRINCIPAL;
  const stored = await options.tokens.findByHash(hash);
  if (!stored || stored.revokedAt) {
    throw new RegistryError(
      RegistryErrorCode.Unauthenticated,
      stored
        ? 'This token was revoked. Ask a registry admin for a new one.'
        : 'Unknown token. Check MESH_REGISTRY_TOKEN (or --token).',
    );
  }
  return { kind: 'token', id: stored.id, name: stored.name, scope: stored.scope, product: stored.product };
}

function unauthenticated(): RegistryError {
  return new RegistryError(
    RegistryErrorCode.Unauthenticated,
    'A token is required: send "Authorization: Bearer <token>" (CLI: --token or MESH_REGISTRY_TOKEN).',
  );
}

export function requireRead(principal: Principal): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
}

export function requireAdmin(principal: Principal): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.scope !== 'admin') {
    throw new RegistryError(
      RegistryErrorCode.Forbidden,
      `This needs an admin token; "${principal.name}" is a ${principal.scope} token.`,
    );
  }
}

export const isAdmin = (principal: Principal) => principal.kind === 'token' && principal.scope === 'admin';

/** Publishing, checking, rolling back or retiring `product`: an admin token or that product's token. */
export function requireProductWrite(principal: Principal, product: string): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.scope === 'admin') return;
  if (principal.scope === 'product' && principal.product === product) return;
  const has =
    principal.scope === 'product'
      ? `a token for product "${principal.product}"`
      : `a ${principal.scope} token`;
  throw new RegistryError(
    RegistryErrorCode.Forbidden,
    `"${principal.name}" is ${has}; it cannot change product "${product}". Use that product's token.`,
    { product },
  );
}

export function requireUsageReport(principal: Principal): void {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.scope !== 'admin' && principal.scope !== 'gateway') {
    throw new RegistryError(
      RegistryErrorCode.Forbidden,
      `Usage reports need a gateway or admin token; "${principal.name}" is a ${principal.scope} token.`,
    );
  }
}
