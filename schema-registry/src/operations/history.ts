import { requireRead, type Principal } from '../auth';
import { badInput, unknownProduct } from '../errors';
import { createProductsStorage } from '../storage/products-storage';
import {
  createSchemaVersionsStorage,
  type SchemaVersion,
  type VersionSubgraph,
} from '../storage/schema-versions-storage';
import type { RegistryContext } from './context';

export interface VersionWithSubgraphs extends SchemaVersion {
  subgraphs: VersionSubgraph[];
}

const MAX_PAGE = 200;

/** Supergraph versions, newest first; narrowed to one product's changes with `product`. Paginated by seq. */
export async function listHistory(
  ctx: RegistryContext,
  principal: Principal,
  options: { product?: string | null; first?: number | null; beforeSeq?: number | null },
): Promise<{ versions: VersionWithSubgraphs[]; hasMore: boolean }> {
  requireRead(principal);
  const first = options.first ?? 20;
  if (first < 1 || first > MAX_PAGE)
    throw badInput(`first must be between 1 and ${MAX_PAGE}.`, { field: 'first' });
  if (options.product && !(await createProductsStorage(ctx.db).get(options.product)))
    throw unknownProduct(options.product);
  const storage = createSchemaVersionsStorage(ctx.db);
  const page = await storage.list({
    product: options.product ?? undefined,
    first: first + 1,
    beforeSeq: options.beforeSeq ?? undefined,
  });
  const versions = page.slice(0, first);
  const subgraphs = await storage.subgraphsOf(versions.map((v) => v.seq));
  return {
    versions: versions.map((v) => ({ ...v, subgraphs: subgraphs.get(v.seq)! })),
    hasMore: page.length > first,
  };
}

/** `42`, `#42` (sequence number) or `sha256:…` (content id; the newest version with that content). */
export async function resolveVersionRef(ctx: RegistryContext, ref: string): Promise<SchemaVersion> {
  const storage = createSchemaVersionsStorage(ctx.db);
  const seqMatch = /^#?(\d+)$/.exec(ref.trim());
  const version = seqMatch
    ? await storage.bySeq(Number(seqMatch[1]))
    : ref === 'current'
      ? await storage.current()
      : await storage.byId(ref.trim());
  if (!version) {
    throw badInput(
      `No schema version "${ref}". Use a sequence number (#12), a content id (sha256:…) or "current"; see \`mesh history\`.`,
      {
        field: 'version',
      },
    );
  }
  return version;
}
