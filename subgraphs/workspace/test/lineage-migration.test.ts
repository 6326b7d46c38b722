import { createLogger, openServiceStore } from '@mesh/product-kit';
import {
  createTestDatabase,
  DATABASES,
  graphql,
  productIdentity,
  waitForHealthy,
  type TestDatabase,
} from '@mesh/testing';
import * as initial from '../migrations/001_initial';
import { startWorkspace, type RunningWorkspace } from '../src';

const NOW = '2026-01-01T00:00:00.000Z';
const OWNER = { owner_subject: 'alice', owner_name: 'Alice Analyst', owner_roles_json: '["analyst"]' };

/** Rows as a store written before lineage existed holds them (migration 001 only). */
async function writeLegacyRows(database: TestDatabase): Promise<void> {
  const store = await openServiceStore({
    databaseFile: database.databaseFile,
    databaseUrl: database.databaseUrl,
    migrations: [initial],
    migrationsTable: 'workspace_migrations',
  });
  try {
    await store.db('history_entries').insert({
      id: 'run_legacy',
      kind: 'QUERY',
      title: 'Legacy ERBB2',
      operation: '{ genes(first: 1) { nodes { symbol } } }',
      variables_json: '{}',
      ...OWNER,
      created_at: NOW,
      products_json: JSON.stringify([{ name: 'genomics', version: '2.0.0', dataVersion: 'sha256:bb' }]),
      product_names_json: '["genomics"]',
      result_json: JSON.stringify({ erbb2: 9.123 }),
      visibility: 'PUBLIC',
      tags_json: '[]',
    });
    const udat = (id: string, kind: string, payload: unknown, sourceId: string | null) => ({
      id,
      kind,
      name: id,
      tags_json: '[]',
      ...OWNER,
      visibility: 'PUBLIC',
      payload_json: JSON.stringify(payload),
      source_id: sourceId,
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    });
    await store
      .db('udats')
      .insert([
        udat('udat_result', 'RESULT', { product: 'trials', version: '1.0.0', rows: [[7.654]] }, 'run_legacy'),
        udat('udat_genes', 'GENE_SET', { genes: ['ERBB2'] }, null),
      ]);
  } finally {
    await store.close();
  }
}

const ENTRY = `query($id: ID!) { historyEntry(id: $id) {
  lineage { userSupplied claimedProducts { name } requiredScopes } access { readable missingScopes } result } }`;
const UDAT = `query($id: ID!) { udat(id: $id) {
  lineage { userSupplied requiredScopes } access { readable missingScopes } payload } }`;

describe.each(DATABASES)('rows recorded before lineage, on %s', (kind) => {
  let database: TestDatabase;
  let workspace: RunningWorkspace;

  beforeAll(async () => {
    database = await createTestDatabase(kind, 'workspace_legacy');
    await writeLegacyRows(database);
    workspace = await startWorkspace({
      databaseFile: database.databaseFile,
      databaseUrl: database.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('workspace', 'silent'),
    });
    await waitForHealthy(`${workspace.origin}/health`);
  });

  afterAll(async () => {
    await workspace?.close();
    await database?.drop();
  });

  it('are user-supplied and need the read scope of every product they claimed: never more open than before', async () => {
    const carol = await graphql(workspace.url, ENTRY, { id: 'run_legacy' }, await productIdentity('carol'));
    expect(carol.data?.historyEntry).toEqual({
      lineage: {
        userSupplied: true,
        claimedProducts: [{ name: 'genomics' }],
        requiredScopes: [[['genomics:read']]],
      },
      access: { readable: false, missingScopes: ['genomics:read'] },
      result: null,
    });
    expect(carol.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'LINEAGE_ACCESS' });
    const alice = await graphql(workspace.url, ENTRY, { id: 'run_legacy' }, await productIdentity('alice'));
    expect(alice.data?.historyEntry).toMatchObject({ result: { erbb2: 9.123 } });

    // A saved result needs its source run's products and the product its payload names.
    const gene = await graphql(workspace.url, UDAT, { id: 'udat_result' }, await productIdentity('gene'));
    expect(gene.data?.udat).toMatchObject({
      lineage: { userSupplied: true, requiredScopes: [[['genomics:read']], [['trials:read']]] },
      access: { readable: false, missingScopes: ['trials:read'] },
      payload: { withheld: 'LINEAGE_ACCESS' },
    });
    expect(JSON.stringify(gene)).not.toContain('7.654');
    // A gene set is the user's own list: it needs nothing more than seeing the row.
    const genes = await graphql(workspace.url, UDAT, { id: 'udat_genes' }, await productIdentity('carol'));
    expect(genes.data?.udat).toMatchObject({ access: { readable: true }, payload: { genes: ['ERBB2'] } });
  });
});
