import { z } from 'zod';
import { actorOf, generateToken, hashToken, requireAdmin, type Principal } from '../auth';
import { badInput, RegistryError, RegistryErrorCode, unknownProduct } from '../errors';
import { createAuditStorage } from '../storage/audit-storage';
import { createProductsStorage } from '../storage/products-storage';
import { createTokensStorage, tokenScope, type StoredToken } from '../storage/tokens-storage';
import { hasAccessApproval } from './access-governance';
import type { RegistryContext } from './context';
import { parseInput, productName } from './publish-input';

const createTokenInput = z.object({
  name: z.string().min(1).max(128),
  scope: tokenScope,
  product: productName.nullish().transform((value) => value ?? null),
  replace: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
});

export type PublicToken = Omit<StoredToken, 'tokenHash'>;
const publicToken = ({ tokenHash: _hash, ...token }: StoredToken): PublicToken => token;

/** Creates a token; its secret is returned once and only its SHA-256 is stored. Admin only; audited. */
export async function createToken(
  ctx: RegistryContext,
  principal: Principal,
  raw: unknown,
): Promise<{ token: PublicToken; secret: string }> {
  requireAdmin(principal);
  const input = parseInput(createTokenInput, raw);
  if (input.scope === 'product' && !input.product)
    throw badInput('A product token needs --product.', { field: 'product' });
  if (input.scope !== 'product' && input.product)
    throw badInput(`A ${input.scope} token is not tied to a product; drop --product.`, { field: 'product' });
  // A product approved by an admin (`mesh approve`) may get its token before its first publish.
  if (
    input.product &&
    !(await createProductsStorage(ctx.db).get(input.product)) &&
    !(await hasAccessApproval(ctx.db, input.product))
  )
    throw unknownProduct(input.product);
  const { id, secret } = generateToken(input.scope);
  const at = new Date().toISOString();
  const stored: StoredToken = {
    id,
    name: input.name,
    tokenHash: hashToken(secret),
    scope: input.scope,
    product: input.product,
    createdAt: at,
    createdBy: actorOf(principal),
    revokedAt: null,
  };
  await ctx.db.transaction(async (trx) => {
    const tokens = createTokensStorage(trx);
    // Replace: tokens re-created on every deployment (npm start) do not pile up.
    const replaced = input.replace ? await tokens.deleteByName(input.name) : [];
    for (const old of replaced)
      await createAuditStorage(trx).append({
        at,
        actor: actorOf(principal),
        action: 'token.revoke',
        product: old.product,
        result: 'accepted',
        details: { tokenId: old.id, name: old.name, scope: old.scope, replacedBy: id },
      });
    await tokens.insert(stored);
    await createAuditStorage(trx).append({
      at,
      actor: actorOf(principal),
      action: 'token.create',
      product: input.product,
      result: 'accepted',
      details: { tokenId: id, name: input.name, scope: input.scope },
    });
  });
  return { token: publicToken(stored), secret };
}

export async function revokeToken(
  ctx: RegistryContext,
  principal: Principal,
  id: string,
): Promise<PublicToken> {
  requireAdmin(principal);
  const at = new Date().toISOString();
  return ctx.db.transaction(async (trx) => {
    const tokens = createTokensStorage(trx);
    const token = await tokens.get(id);
    if (!token)
      throw new RegistryError(
        RegistryErrorCode.NotFound,
        `No token with id ${id}; list them with \`mesh token list\`.`,
      );
    await tokens.revoke(id, at);
    await createAuditStorage(trx).append({
      at,
      actor: actorOf(principal),
      action: 'token.revoke',
      product: token.product,
      result: 'accepted',
      details: { tokenId: id, name: token.name, scope: token.scope },
    });
    return publicToken((await tokens.get(id))!);
  });
}

export async function listTokens(ctx: RegistryContext, principal: Principal): Promise<PublicToken[]> {
  requireAdmin(principal);
  return (await createTokensStorage(ctx.db).list()).map(publicToken);
}
