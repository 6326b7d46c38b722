import type { Knex } from 'knex';

export const name = '002_lineage';

interface ProductVersion {
  name: string;
  version: string;
  dataVersion: string;
}

const BATCH = 500;

function parseProducts(text: unknown): ProductVersion[] {
  try {
    const value = JSON.parse(String(text)) as unknown;
    return Array.isArray(value) ? (value as ProductVersion[]) : [];
  } catch {
    return [];
  }
}

/** Lineage of content recorded before lineage existed: user-supplied, needing its claimed products' read. */
function legacyLineage(claimed: ProductVersion[], supergraphId: string | null) {
  const names = [...new Set(claimed.map((product) => product.name))].sort();
  return JSON.stringify({
    userSupplied: true,
    products: [],
    supergraphId,
    requiredScopes: names.map((product) => [[`${product}:read`]]),
    claimedProducts: claimed,
  });
}

/**
 * Lineage of every run and artifact (column `lineage_json`), and a backfill of the rows written before it.
 * Those rows carry nothing the platform established, so they become user-supplied, and — never more open
 * than before — require the read scope of every product they claimed: a run its `products`; a RESULT
 * artifact its source run's products and the product its payload names (an AnalysisResult's `product`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('history_entries', (t) => {
    t.text('lineage_json').comment('JSON Lineage: products, required scopes, user-supplied (src/lineage)');
  });
  await knex.schema.alterTable('udats', (t) => {
    t.text('lineage_json').comment('JSON Lineage: products, required scopes, user-supplied (src/lineage)');
  });

  const claimedByRun = new Map<string, ProductVersion[]>();
  for (let after = 0; ;) {
    const rows = (await knex('history_entries')
      .select('seq', 'id', 'products_json', 'supergraph_id')
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)) as { seq: number; id: string; products_json: string; supergraph_id: string | null }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const claimed = parseProducts(row.products_json);
      claimedByRun.set(row.id, claimed);
      await knex('history_entries')
        .where({ id: row.id })
        .update({ lineage_json: legacyLineage(claimed, row.supergraph_id ?? null) });
    }
    after = Number(rows.at(-1)!.seq);
  }

  for (let after = 0; ;) {
    const rows = (await knex('udats')
      .select('seq', 'id', 'kind', 'payload_json', 'source_id')
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)) as { seq: number; id: string; kind: string; payload_json: string; source_id: string }[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const claimed: ProductVersion[] = [];
      if (row.kind === 'RESULT') {
        claimed.push(...(row.source_id ? (claimedByRun.get(row.source_id) ?? []) : []));
        try {
          const payload = JSON.parse(row.payload_json) as { product?: unknown; version?: unknown };
          if (typeof payload?.product === 'string')
            claimed.push({ name: payload.product, version: String(payload.version ?? ''), dataVersion: '' });
        } catch {
          // An unparsable payload claims nothing more.
        }
      }
      await knex('udats')
        .where({ id: row.id })
        .update({ lineage_json: legacyLineage(claimed, null) });
    }
    after = Number(rows.at(-1)!.seq);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('udats', (t) => t.dropColumn('lineage_json'));
  await knex.schema.alterTable('history_entries', (t) => t.dropColumn('lineage_json'));
}
