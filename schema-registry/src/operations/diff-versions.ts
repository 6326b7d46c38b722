import { requireRead, type Principal } from '../auth';
import { diffApiSchemas, type SchemaChange } from '../composition/diff-schemas';
import { unifiedDiff } from '../composition/unified-diff';
import { unknownProduct } from '../errors';
import { createProductsStorage } from '../storage/products-storage';
import { createSchemaVersionsStorage, type SchemaVersion } from '../storage/schema-versions-storage';
import type { RegistryContext } from './context';
import { resolveVersionRef } from './history';

export interface VersionDiff {
  from: SchemaVersion;
  to: SchemaVersion;
  product: string | null;
  /** Public API changes from `from` to `to`, with criticality. */
  changes: SchemaChange[];
  /** Unified diff of the product's SDL (with `product`) or of the public API schema. */
  unifiedDiff: string;
}

/** Diff between any two schema versions: the change list of the public API and a unified SDL diff. */
export async function diffVersions(
  ctx: RegistryContext,
  principal: Principal,
  input: { from: string; to: string; product?: string | null },
): Promise<VersionDiff> {
  requireRead(principal);
  if (input.product && !(await createProductsStorage(ctx.db).get(input.product)))
    throw unknownProduct(input.product);
  const [from, to] = [await resolveVersionRef(ctx, input.from), await resolveVersionRef(ctx, input.to)];
  const storage = createSchemaVersionsStorage(ctx.db);
  let before: string;
  let after: string;
  let labels: { from: string; to: string };
  if (input.product) {
    const subgraphs = await storage.subgraphsOf([from.seq, to.seq]);
    const of = (seq: number) => subgraphs.get(seq)!.find((s) => s.product === input.product);
    const [a, b] = [of(from.seq), of(to.seq)];
    const texts = await storage.blobs([a?.sdlHash, b?.sdlHash].filter((h): h is string => !!h));
    before = a ? texts.get(a.sdlHash)! : '';
    after = b ? texts.get(b.sdlHash)! : '';
    labels = {
      from: `${input.product}@#${from.seq} (${a?.productVersion ?? 'absent'})`,
      to: `${input.product}@#${to.seq} (${b?.productVersion ?? 'absent'})`,
    };
  } else {
    const texts = await storage.blobs([from.apiHash, to.apiHash]);
    before = texts.get(from.apiHash)!;
    after = texts.get(to.apiHash)!;
    labels = { from: `api@#${from.seq}`, to: `api@#${to.seq}` };
  }
  const apiTexts = await storage.blobs([from.apiHash, to.apiHash]);
  const changes = await diffApiSchemas(apiTexts.get(from.apiHash)!, apiTexts.get(to.apiHash)!);
  return {
    from,
    to,
    product: input.product ?? null,
    changes,
    unifiedDiff: unifiedDiff(before, after, labels),
  };
}
