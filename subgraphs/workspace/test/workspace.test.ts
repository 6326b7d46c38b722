import { createLogger } from '@mesh/product-kit';
import {
  createTestDatabase,
  DATABASES,
  demoCaller,
  graphql,
  productIdentity,
  waitForHealthy,
  type GraphQLResponse,
  type SignedHeaders,
  type TestDatabase,
} from '@mesh/testing';
import { startWorkspace, type RunningWorkspace } from '../src';
import { createWorkspaceStorage, openWorkspaceDatabase } from '../src/storage';

type Who = 'alice' | 'aliceViaGateway' | 'bob' | 'carol' | 'ada' | 'readOnly' | 'anonymous';

const RUN_FIELDS = `
  id kind app title operation operationName variables owner { subject name } viewerIsOwner createdAt
  supergraphId products { name version dataVersion } resultHash visibility parentId tags`;
const UDAT_FIELDS = `
  id kind name description tags owner { subject name } viewerIsOwner visibility payload cohortId
  cohort { id } source { id title } forkedFrom { id name } version createdAt updatedAt`;

const RECORD_RUN = `mutation Record($input: RecordRunInput!) { recordRun(input: $input) { ${RUN_FIELDS} } }`;
const SAVE_UDAT = `mutation Save($input: SaveUdatInput!) { saveUdat(input: $input) { ${UDAT_FIELDS} } }`;
const UPDATE_UDAT = `mutation Update($id: ID!, $input: UpdateUdatInput!) {
  updateUdat(id: $id, input: $input) { ${UDAT_FIELDS} }
}`;
const HISTORY = `query History($filter: HistoryFilter, $first: Int, $after: String) {
  history(filter: $filter, first: $first, after: $after) {
    totalCount nodes { id title owner { subject } } pageInfo { hasNextPage endCursor }
  }
}`;
const UDAT = `query Udat($id: ID!) { udat(id: $id) { ${UDAT_FIELDS} } }`;
const HISTORY_ENTRY = `query Entry($id: ID!) { historyEntry(id: $id) { id title visibility } }`;
const SET_HISTORY_VISIBILITY = `mutation Share($id: ID!, $visibility: Visibility!) {
  setHistoryVisibility(id: $id, visibility: $visibility) { id visibility }
}`;

const DIFFERENTIAL_EXPRESSION = `query DifferentialExpression($a: CohortCriteria!, $b: CohortCriteria!) {
  compareCohorts(a: $a, b: $b) { differentialExpression { resultHash } }
}`;

const COHORT_ID = 'cohort.v1.eyJjcml0ZXJpYSI6eyJkaWFnbm9zaXMiOiJFMTEifSwibmFtZSI6IlQyRCJ9';

interface Owner {
  subject: string;
  name: string | null;
}

interface Run {
  id: string;
  kind: string;
  app: string | null;
  title: string;
  owner: Owner;
  createdAt: string;
  resultHash: string | null;
  visibility: string;
  parentId: string | null;
  result?: unknown;
}

interface Artifact {
  id: string;
  kind: string;
  name: string;
  owner: Owner;
  visibility: string;
  payload: unknown;
  source: { id: string; title: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface Page<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Everything the tests select; each test reads only the fields its operation selected. */
interface Answers {
  recordRun: Run;
  setHistoryVisibility: Pick<Run, 'id' | 'visibility'>;
  saveUdat: Artifact;
  updateUdat: Artifact;
  forkUdat: Artifact;
  deleteUdat: boolean;
  history: Page<Run>;
  historyEntry: Run | null;
  udats: Page<Artifact>;
  udat: Artifact | null;
  workspaceProduct: {
    name: string;
    version: string;
    visibility: string;
    dataVersion: string;
    apps: unknown[];
  };
  _entities: (Record<string, string> | null)[];
}

function codeOf(response: GraphQLResponse<unknown>): unknown {
  return response.errors?.[0]?.extensions?.code;
}

describe.each(DATABASES)('workspace on %s', (kind) => {
  let database: TestDatabase;
  let workspace: RunningWorkspace;
  const identities = {} as Record<Who, Record<string, string> | SignedHeaders>;

  async function start(): Promise<RunningWorkspace> {
    const running = await startWorkspace({
      databaseFile: database.databaseFile,
      databaseUrl: database.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      logger: createLogger('workspace', 'silent'),
    });
    await waitForHealthy(`${running.origin}/health`);
    return running;
  }

  /** Sends an operation as one of the test callers. */
  function call<T = Answers>(who: Who, query: string, variables: Record<string, unknown> = {}) {
    return graphql<T>(workspace.url, query, variables, identities[who]);
  }

  /** Sends an operation that must succeed, and returns its data. */
  async function ok(who: Who, query: string, variables: Record<string, unknown> = {}): Promise<Answers> {
    const response = await call(who, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  }

  async function recordRun(who: Who, input: Record<string, unknown>) {
    const data = await ok(who, RECORD_RUN, {
      input: { kind: 'QUERY', title: 'A run', operation: '{ workspaceProduct { name } }', ...input },
    });
    return data.recordRun;
  }

  async function saveUdat(who: Who, input: Record<string, unknown>) {
    const data = await ok(who, SAVE_UDAT, {
      input: { kind: 'GENE_SET', name: 'Genes', payload: { genes: ['TP53'] }, ...input },
    });
    return data.saveUdat;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind, 'workspace');
    workspace = await start();
    for (const user of ['alice', 'bob', 'carol', 'ada'] as const)
      identities[user] = await productIdentity(user);
    identities.aliceViaGateway = await productIdentity('alice', 'workspace', { recording: true });
    identities.readOnly = await productIdentity({
      kind: 'user',
      subject: 'ro',
      name: 'Read Only',
      roles: [],
      scopes: ['workspace:read'],
    });
    identities.anonymous = {};
  });

  afterAll(async () => {
    await workspace?.close();
    await database?.drop();
  });

  it('records a run and reads it back, with the result only when selected', async () => {
    const before = await ok('alice', '{ workspaceProduct { dataVersion } }');
    const input = {
      kind: 'APP_RUN',
      app: 'genomics.differentialExpression',
      title: 'T2D vs rest: differential expression',
      operation: DIFFERENTIAL_EXPRESSION,
      operationName: 'DifferentialExpression',
      variables: { a: { diagnosis: 'E11' }, b: { not: { diagnosis: 'E11' } } },
      supergraphId: 'sg_0042',
      products: [
        { name: 'clinical', version: '2.0.0', dataVersion: 'sha256:aa' },
        { name: 'genomics', version: '2.0.0', dataVersion: 'sha256:bb' },
      ],
      resultHash: 'sha256:cafe',
      result: { table: { rows: [['TP53', 1.5, 0.001]] }, chart: null },
      tags: ['t2d', 'expression', 't2d'],
      visibility: 'PRIVATE',
    };
    // As the gateway records a run it executed (signed `rec` claim): products and hash are the lineage.
    const recorded = await recordRun('aliceViaGateway', input);
    expect(recorded).toMatchObject({
      id: expect.stringMatching(/^run_[0-9a-f-]{36}$/),
      kind: 'APP_RUN',
      app: input.app,
      title: input.title,
      operation: input.operation,
      operationName: input.operationName,
      variables: input.variables,
      owner: { subject: 'alice', name: 'Alice Analyst' },
      viewerIsOwner: true,
      supergraphId: 'sg_0042',
      products: input.products,
      resultHash: 'sha256:cafe',
      visibility: 'PRIVATE',
      parentId: null,
      tags: ['t2d', 'expression'],
    });
    expect(Date.parse(recorded.createdAt)).toBeGreaterThan(Date.now() - 60_000);

    const read = await ok('alice', `query($id: ID!) { historyEntry(id: $id) { ${RUN_FIELDS} result } }`, {
      id: recorded.id,
    });
    expect(read.historyEntry).toEqual({ ...recorded, result: input.result });

    // Without a given hash, the result's canonical JSON is hashed (key order does not matter).
    const first = await recordRun('alice', { result: { b: 1, a: [1, 2] } });
    const second = await recordRun('alice', { result: { a: [1, 2], b: 1 } });
    expect(first.resultHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(second.resultHash).toBe(first.resultHash);
    expect((await recordRun('alice', {})).resultHash).toBeNull();

    // Every answer names the product and its data version: live:<store>:<writes>, moving with each write.
    const after = await call(
      'alice',
      '{ workspaceProduct { name version visibility dataVersion apps { id } } }',
    );
    expect(after.data?.workspaceProduct).toMatchObject({
      name: 'workspace',
      version: '1.0.0',
      visibility: 'private',
      apps: [],
    });
    const [beforeStore, beforeWrites] = before.workspaceProduct.dataVersion.split(':').slice(1);
    const [afterStore, afterWrites] = after.data!.workspaceProduct.dataVersion.split(':').slice(1);
    expect(before.workspaceProduct.dataVersion).toMatch(/^live:[0-9a-f]{12}:\d+$/);
    expect(afterStore).toBe(beforeStore);
    expect(Number(afterWrites)).toBe(Number(beforeWrites) + 4);
    expect(after.extensions?.dataProduct).toEqual({
      name: 'workspace',
      version: '1.0.0',
      dataVersion: after.data!.workspaceProduct.dataVersion,
    });
  });

  it('stores a client-sent recordRun as user-supplied: forged products and hash carry no authority', async () => {
    const forged = await ok(
      'alice',
      `mutation($input: RecordRunInput!) { recordRun(input: $input) {
        id products { name } resultHash
        lineage { userSupplied products { name } claimedProducts { name version } requiredScopes }
      } }`,
      {
        input: {
          kind: 'QUERY',
          title: 'forged',
          operation: '{ workspaceProduct { name } }',
          products: [{ name: 'genomics', version: '9.9.9', dataVersion: 'sha256:forged' }],
          resultHash: 'sha256:forged',
          result: { expression: [{ gene: 'ERBB2', value: 9.1 }] },
        },
      },
    );
    const run = forged.recordRun as unknown as {
      id: string;
      products: unknown[];
      resultHash: string;
      lineage: Record<string, unknown>;
    };
    expect(run.products).toEqual([]);
    expect(run.resultHash).not.toBe('sha256:forged');
    expect(run.resultHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.lineage).toEqual({
      userSupplied: true,
      products: [],
      claimedProducts: [{ name: 'genomics', version: '9.9.9' }],
      // Never more open than what it claims to come from.
      requiredScopes: [[['genomics:read']]],
    });
  });

  it('gives content only to callers whose scopes satisfy its lineage now; metadata to everyone who sees it', async () => {
    const run = await recordRun('aliceViaGateway', {
      title: 'ERBB2 expression',
      products: [{ name: 'genomics', version: '2.0.0', dataVersion: 'sha256:bb' }],
      result: { rows: [['S1', 'ERBB2', 9.1]] },
      requiredScopes: [[['genomics:read']], [['clinical:read']]],
      visibility: 'PUBLIC',
    });
    const ENTRY = `query($id: ID!) { historyEntry(id: $id) {
      title owner { subject } lineage { userSupplied products { name } requiredScopes }
      access { readable missingScopes } result } }`;
    const mine = await call('alice', ENTRY, { id: run.id });
    expect(mine.errors).toBeUndefined();
    expect((mine.data!.historyEntry as Run).result).toEqual({ rows: [['S1', 'ERBB2', 9.1]] });

    const carol = await call('carol', ENTRY, { id: run.id });
    expect(carol.data!.historyEntry).toMatchObject({
      title: 'ERBB2 expression',
      owner: { subject: 'alice' },
      lineage: { userSupplied: false, products: [{ name: 'genomics' }] },
      access: { readable: false, missingScopes: ['genomics:read'] },
      result: null,
    });
    expect(carol.errors?.[0]).toMatchObject({
      message: expect.stringContaining('computed from genomics (needs genomics:read)'),
      extensions: { code: 'FORBIDDEN', reason: 'LINEAGE_ACCESS', requiredScopes: ['genomics:read'] },
    });
    expect(JSON.stringify(carol)).not.toContain('ERBB2", 9.1');
    expect(JSON.stringify(carol)).not.toContain('9.1');

    // A RESULT saved from the run copies result and lineage server-side (no payload sent).
    const saved = await saveUdat('alice', {
      kind: 'RESULT',
      name: 'ERBB2',
      payload: undefined,
      sourceId: run.id,
      visibility: 'PUBLIC',
    });
    expect(saved.payload).toEqual({ rows: [['S1', 'ERBB2', 9.1]] });
    const UDAT_CONTENT = `query($id: ID!) { udat(id: $id) {
      name lineage { userSupplied requiredScopes } access { readable missingScopes } payload } }`;
    const seen = (await ok('carol', UDAT_CONTENT, { id: saved.id })).udat!;
    expect(seen).toMatchObject({
      name: 'ERBB2',
      lineage: { userSupplied: false, requiredScopes: [[['genomics:read']], [['clinical:read']]] },
      access: { readable: false, missingScopes: ['genomics:read'] },
      payload: { withheld: 'LINEAGE_ACCESS', requiredScopes: ['genomics:read'] },
    });
    expect(JSON.stringify(seen)).not.toContain('9.1');

    // A fork keeps the lineage: carol's own copy is withheld from carol too.
    const fork = await ok(
      'carol',
      `mutation($id: ID!) { forkUdat(id: $id) { id payload access { readable } } }`,
      {
        id: saved.id,
      },
    );
    expect(fork.forkUdat).toMatchObject({
      access: { readable: false },
      payload: { withheld: 'LINEAGE_ACCESS' },
    });

    // An edited payload is user-supplied, yet needs everything it needed before.
    const edited = await ok(
      'alice',
      `mutation($id: ID!, $input: UpdateUdatInput!) {
      updateUdat(id: $id, input: $input) { lineage { userSupplied requiredScopes claimedProducts { name } } } }`,
      {
        id: saved.id,
        input: { payload: { rows: [] } },
      },
    );
    expect(edited.updateUdat).toMatchObject({
      lineage: {
        userSupplied: true,
        requiredScopes: [[['genomics:read']], [['clinical:read']]],
        claimedProducts: [{ name: 'genomics' }],
      },
    });

    // A payload that differs from the source's result is user-supplied too, with the source's requirements.
    const differing = await saveUdat('alice', {
      kind: 'RESULT',
      name: 'Other',
      payload: { n: 1 },
      sourceId: run.id,
    });
    const differingRead = (await ok('alice', UDAT_CONTENT, { id: differing.id })).udat!;
    expect(differingRead).toMatchObject({
      lineage: { userSupplied: true, requiredScopes: [[['genomics:read']], [['clinical:read']]] },
    });

    // A scope revoked after saving revokes reading, for the owner too: the same alice without genomics:read.
    const revoked = await productIdentity({
      ...demoCaller('alice'),
      scopes: ['clinical:read', 'workspace:read'],
    });
    const after = await graphql<Answers>(workspace.url, ENTRY, { id: run.id }, revoked);
    expect(after.data!.historyEntry).toMatchObject({ result: null, access: { readable: false } });
    expect(after.errors?.[0]?.extensions).toMatchObject({ reason: 'LINEAGE_ACCESS' });
  });

  it('reads stored results only for the entries whose result is selected', async () => {
    await recordRun('alice', { title: 'lazy result', result: { big: 'x'.repeat(10_000) } });
    const store = await openWorkspaceDatabase({
      databaseFile: database.databaseFile,
      databaseUrl: database.databaseUrl,
      logger: createLogger('workspace', 'silent'),
    });
    try {
      const statements: string[] = [];
      store.db.on('query', (query: { sql: string }) => statements.push(query.sql));
      const storage = createWorkspaceStorage(store.db, store.kind, {
        subject: 'alice',
        name: null,
        roles: [],
      });
      const page = await storage.history.list({ search: 'lazy result' }, 10, null);
      expect(page).toHaveLength(1);
      expect(page[0]).not.toHaveProperty('result');
      expect(statements.join('\n')).not.toContain('result_json');
      expect(await storage.history.results.load(page[0]!.id)).toEqual({ big: 'x'.repeat(10_000) });
      expect(statements.join('\n')).toContain('result_json');
    } finally {
      await store.close();
    }
  });

  it('lists history newest first, with cursor paging and filters', async () => {
    const titles = ['paging one', 'paging two', 'paging three', 'paging four', 'paging five'];
    const ids: string[] = [];
    for (const [index, title] of titles.entries()) {
      const run = await recordRun('alice', {
        kind: index % 2 === 0 ? 'APP_RUN' : 'QUERY',
        app: index % 2 === 0 ? 'clinical.cohortSummary' : null,
        title,
        products: [{ name: index < 2 ? 'trials' : 'clinical', version: '2.0.0', dataVersion: 'sha256:cc' }],
      });
      ids.push(run.id);
    }
    const newestFirst = [...ids].reverse();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data = await ok('alice', HISTORY, { filter: { search: 'PAGING' }, first: 2, after });
      const page = data.history;
      expect(page.totalCount).toBe(5);
      seen.push(...page.nodes.map((node: { id: string }) => node.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst);

    const byApp = await ok('alice', HISTORY, { filter: { search: 'paging', app: 'clinical.cohortSummary' } });
    expect(byApp.history.nodes.map((node: { title: string }) => node.title)).toEqual([
      'paging five',
      'paging three',
      'paging one',
    ]);
    const byProduct = await ok('alice', HISTORY, { filter: { search: 'paging', product: 'trials' } });
    expect(byProduct.history.nodes.map((node: { title: string }) => node.title)).toEqual([
      'paging two',
      'paging one',
    ]);
    const byKind = await ok('alice', HISTORY, { filter: { search: 'paging', kind: 'QUERY' } });
    expect(byKind.history.totalCount).toBe(2);
    const bySearch = await ok('alice', HISTORY, { filter: { search: 'Four' } });
    expect(bySearch.history.nodes.map((node: { id: string }) => node.id)).toEqual([ids[3]]);
    // LIKE wildcards are matched literally.
    expect((await ok('alice', HISTORY, { filter: { search: 'paging%' } })).history.totalCount).toBe(0);

    const bobs = await recordRun('bob', { title: 'paging by bob', visibility: 'PUBLIC' });
    const mine = await ok('alice', HISTORY, { filter: { search: 'paging', mine: true } });
    expect(mine.history.totalCount).toBe(5);
    const others = await ok('alice', HISTORY, { filter: { search: 'paging', mine: false } });
    expect(others.history.nodes.map((node: { id: string }) => node.id)).toEqual([bobs.id]);
    const everything = await ok('alice', HISTORY, { filter: { search: 'paging' }, first: 1 });
    expect(everything.history).toMatchObject({
      totalCount: 6,
      nodes: [{ id: bobs.id, owner: { subject: 'bob' } }],
    });
  });

  it('saves an artifact from a run, and an update bumps its version', async () => {
    const run = await recordRun('alice', { title: 'cohort search' });
    const saved = await saveUdat('alice', {
      kind: 'COHORT',
      name: '  Type 2 diabetes  ',
      description: 'Patients with E11',
      tags: ['t2d'],
      payload: { diagnosis: 'E11' },
      cohortId: COHORT_ID,
      sourceId: run.id,
    });
    expect(saved).toMatchObject({
      id: expect.stringMatching(/^udat_[0-9a-f-]{36}$/),
      kind: 'COHORT',
      name: 'Type 2 diabetes',
      description: 'Patients with E11',
      tags: ['t2d'],
      owner: { subject: 'alice', name: 'Alice Analyst' },
      viewerIsOwner: true,
      visibility: 'PRIVATE',
      payload: { diagnosis: 'E11' },
      cohortId: COHORT_ID,
      cohort: { id: COHORT_ID },
      source: { id: run.id, title: 'cohort search' },
      forkedFrom: null,
      version: 1,
    });
    expect(saved.updatedAt).toBe(saved.createdAt);

    const updated = (
      await ok('alice', UPDATE_UDAT, {
        id: saved.id,
        input: { name: 'T2D', description: null, payload: { diagnosis: 'E11', ageMin: 40 } },
      })
    ).updateUdat;
    expect(updated).toMatchObject({
      name: 'T2D',
      description: null,
      payload: { diagnosis: 'E11', ageMin: 40 },
      tags: ['t2d'],
      version: 2,
      createdAt: saved.createdAt,
    });
    expect(updated.updatedAt >= saved.updatedAt).toBe(true);
    const again = (await ok('alice', UPDATE_UDAT, { id: saved.id, input: { tags: ['t2d', 'saved'] } }))
      .updateUdat;
    expect(again).toMatchObject({ version: 3, tags: ['t2d', 'saved'], name: 'T2D' });
    expect((await ok('alice', UDAT, { id: saved.id })).udat).toEqual(again);

    const list = await ok(
      'alice',
      `{ udats(filter: { tag: "saved", kind: COHORT }) { totalCount nodes { id payload } } }`,
    );
    expect(list.udats).toEqual({
      totalCount: 1,
      nodes: [{ id: saved.id, payload: { diagnosis: 'E11', ageMin: 40 } }],
    });
  });

  it('lets another caller fork what they can see, into a private copy of their own', async () => {
    const original = await saveUdat('alice', {
      name: 'DNA repair genes',
      tags: ['repair'],
      visibility: 'TEAM',
      payload: { genes: ['BRCA1', 'BRCA2'], source: 'curated' },
    });
    const fork = (
      await ok('bob', `mutation($id: ID!) { forkUdat(id: $id) { ${UDAT_FIELDS} } }`, { id: original.id })
    ).forkUdat;
    expect(fork).toMatchObject({
      kind: 'GENE_SET',
      name: 'DNA repair genes (fork)',
      tags: ['repair'],
      owner: { subject: 'bob', name: 'Bob Analyst' },
      viewerIsOwner: true,
      visibility: 'PRIVATE',
      payload: { genes: ['BRCA1', 'BRCA2'], source: 'curated' },
      forkedFrom: { id: original.id, name: 'DNA repair genes' },
      version: 1,
    });
    expect(fork.id).not.toBe(original.id);
    const named = await ok('bob', `mutation($id: ID!) { forkUdat(id: $id, name: "Mine") { name } }`, {
      id: original.id,
    });
    expect(named.forkUdat.name).toBe('Mine');

    // The copy is bob's: he may change it; alice's original is unchanged and still hers alone to change.
    const changed = await ok('bob', UPDATE_UDAT, { id: fork.id, input: { payload: { genes: ['ATM'] } } });
    expect(changed.updateUdat).toMatchObject({ version: 2, payload: { genes: ['ATM'] } });
    expect((await ok('alice', UDAT, { id: original.id })).udat).toMatchObject({
      version: 1,
      payload: { genes: ['BRCA1', 'BRCA2'], source: 'curated' },
    });
    expect((await ok('alice', UDAT, { id: fork.id })).udat).toBeNull();
  });

  it('enforces the visibility matrix on runs and artifacts', async () => {
    const privateRun = await recordRun('alice', { title: 'matrix private run' });
    const teamRun = await recordRun('alice', { title: 'matrix team run', visibility: 'TEAM' });
    const publicRun = await recordRun('alice', { title: 'matrix public run', visibility: 'PUBLIC' });
    const privateUdat = await saveUdat('alice', { name: 'matrix private', sourceId: privateRun.id });
    const teamUdat = await saveUdat('alice', { name: 'matrix team', visibility: 'TEAM' });
    const publicUdat = await saveUdat('alice', {
      name: 'matrix public',
      visibility: 'PUBLIC',
      sourceId: privateRun.id,
    });

    const visibleRuns = async (who: Who) =>
      (await ok(who, HISTORY, { filter: { search: 'matrix' } })).history.nodes.map(
        (node: { title: string }) => node.title,
      );
    const visibleUdats = async (who: Who) =>
      (await ok(who, `{ udats(filter: { search: "matrix" }) { totalCount nodes { name } } }`)).udats;

    expect(await visibleRuns('alice')).toEqual([
      'matrix public run',
      'matrix team run',
      'matrix private run',
    ]);
    // bob shares alice's analyst role: TEAM and PUBLIC. carol (clinician) and ada (admin): PUBLIC only.
    expect(await visibleRuns('bob')).toEqual(['matrix public run', 'matrix team run']);
    expect(await visibleRuns('carol')).toEqual(['matrix public run']);
    expect(await visibleRuns('ada')).toEqual(['matrix public run']);
    expect(await visibleUdats('bob')).toEqual({
      totalCount: 2,
      nodes: [{ name: 'matrix public' }, { name: 'matrix team' }],
    });
    expect(await visibleUdats('carol')).toEqual({ totalCount: 1, nodes: [{ name: 'matrix public' }] });

    // By id, a row the caller may not see reads exactly like a missing one.
    for (const [who, id, visible] of [
      ['bob', privateRun.id, false],
      ['bob', teamRun.id, true],
      ['carol', teamRun.id, false],
      ['carol', publicRun.id, true],
    ] as const) {
      const entry = (await ok(who, HISTORY_ENTRY, { id })).historyEntry;
      expect(entry === null ? false : entry.id === id).toBe(visible);
    }
    expect((await ok('bob', UDAT, { id: privateUdat.id })).udat).toBeNull();
    expect((await ok('bob', UDAT, { id: teamUdat.id })).udat).toMatchObject({
      name: 'matrix team',
      viewerIsOwner: false,
    });
    expect((await ok('carol', UDAT, { id: teamUdat.id })).udat).toBeNull();
    // A visible artifact's source run stays hidden when the run is not visible.
    expect((await ok('carol', UDAT, { id: publicUdat.id })).udat).toMatchObject({
      name: 'matrix public',
      source: null,
    });
    expect((await ok('alice', UDAT, { id: publicUdat.id })).udat?.source).toEqual({
      id: privateRun.id,
      title: 'matrix private run',
    });

    const unknownId = 'udat_00000000-0000-0000-0000-000000000000';
    for (const id of [privateUdat.id, unknownId]) {
      const update = await call('bob', UPDATE_UDAT, { id, input: { name: 'taken over' } });
      expect(codeOf(update)).toBe('NOT_FOUND');
      expect(update.errors?.[0]?.message).toMatch(/^No saved artifact with id ".*" that you can see\./);
      const fork = await call('bob', 'mutation($id: ID!) { forkUdat(id: $id) { id } }', { id });
      expect(codeOf(fork)).toBe('NOT_FOUND');
      const remove = await call('bob', 'mutation($id: ID!) { deleteUdat(id: $id) }', { id });
      expect(codeOf(remove)).toBe('NOT_FOUND');
    }
    const missingMessage = (await call('bob', UPDATE_UDAT, { id: unknownId, input: { name: 'x' } }))
      .errors?.[0]?.message;
    const hiddenMessage = (await call('bob', UPDATE_UDAT, { id: privateUdat.id, input: { name: 'x' } }))
      .errors?.[0]?.message;
    expect(hiddenMessage?.replace(privateUdat.id, '<id>')).toBe(missingMessage?.replace(unknownId, '<id>'));
    const share = await call('bob', SET_HISTORY_VISIBILITY, { id: privateRun.id, visibility: 'PUBLIC' });
    expect(codeOf(share)).toBe('NOT_FOUND');
    const rerun = await call('bob', RECORD_RUN, {
      input: { kind: 'QUERY', title: 'rerun', operation: '{ a }', parentId: privateRun.id },
    });
    expect(codeOf(rerun)).toBe('NOT_FOUND');
    expect(rerun.errors?.[0]?.extensions?.argument).toBe('input.parentId');
    expect((await recordRun('bob', { title: 'rerun', parentId: teamRun.id })).parentId).toBe(teamRun.id);

    // Sharing later widens the audience; unsharing narrows it again.
    await ok('alice', SET_HISTORY_VISIBILITY, { id: privateRun.id, visibility: 'TEAM' });
    expect((await ok('bob', HISTORY_ENTRY, { id: privateRun.id })).historyEntry).toMatchObject({
      visibility: 'TEAM',
    });
    await ok('alice', SET_HISTORY_VISIBILITY, { id: privateRun.id, visibility: 'PRIVATE' });
    expect((await ok('bob', HISTORY_ENTRY, { id: privateRun.id })).historyEntry).toBeNull();
  });

  it('lets only the owner change visibility, update or delete', async () => {
    const run = await recordRun('alice', { title: 'owned run', visibility: 'PUBLIC' });
    const udat = await saveUdat('alice', { name: 'owned artifact', visibility: 'PUBLIC' });

    const share = await call('carol', SET_HISTORY_VISIBILITY, { id: run.id, visibility: 'PRIVATE' });
    expect(codeOf(share)).toBe('FORBIDDEN');
    expect(share.errors?.[0]?.message).toContain('Only the owner (Alice Analyst) may change the visibility');
    const hide = await call('bob', UPDATE_UDAT, { id: udat.id, input: { visibility: 'PRIVATE' } });
    expect(codeOf(hide)).toBe('FORBIDDEN');
    expect(hide.errors?.[0]?.message).toContain('Fork it with forkUdat');
    const remove = await call('ada', 'mutation($id: ID!) { deleteUdat(id: $id) }', { id: udat.id });
    expect(codeOf(remove)).toBe('FORBIDDEN');
    expect((await ok('carol', UDAT, { id: udat.id })).udat).toMatchObject({
      visibility: 'PUBLIC',
      version: 1,
    });

    expect(
      (await ok('alice', SET_HISTORY_VISIBILITY, { id: run.id, visibility: 'PRIVATE' })).setHistoryVisibility,
    ).toEqual({
      id: run.id,
      visibility: 'PRIVATE',
    });
    expect(
      (await ok('alice', 'mutation($id: ID!) { deleteUdat(id: $id) }', { id: udat.id })).deleteUdat,
    ).toBe(true);
    expect((await ok('alice', UDAT, { id: udat.id })).udat).toBeNull();
    const twice = await call('alice', 'mutation($id: ID!) { deleteUdat(id: $id) }', { id: udat.id });
    expect(codeOf(twice)).toBe('NOT_FOUND');
  });

  it('refuses anonymous callers and callers without workspace:write', async () => {
    const anonymousRead = await call('anonymous', HISTORY);
    expect(codeOf(anonymousRead)).toBe('UNAUTHENTICATED');
    expect(anonymousRead.data).toBeNull();
    const anonymousWrite = await call('anonymous', RECORD_RUN, {
      input: { kind: 'QUERY', title: 'x', operation: '{ a }' },
    });
    expect(codeOf(anonymousWrite)).toBe('UNAUTHENTICATED');
    // The product's identity stays open, as in every product.
    expect((await ok('anonymous', '{ workspaceProduct { name } }')).workspaceProduct).toEqual({
      name: 'workspace',
    });

    const forged = await graphql(workspace.url, HISTORY, {}, { 'x-mesh-identity': 'not-a-signed-identity' });
    expect(codeOf(forged)).toBe('UNAUTHENTICATED');

    expect((await ok('readOnly', HISTORY)).history.nodes).toEqual(expect.any(Array));
    const publicUdat = await saveUdat('alice', { name: 'for the read-only caller', visibility: 'PUBLIC' });
    for (const [query, variables] of [
      [RECORD_RUN, { input: { kind: 'QUERY', title: 'x', operation: '{ a }' } }],
      [SAVE_UDAT, { input: { kind: 'RESULT', name: 'x', payload: {} } }],
      ['mutation($id: ID!) { forkUdat(id: $id) { id } }', { id: publicUdat.id }],
    ] as const) {
      const response = await call('readOnly', query, variables);
      expect(codeOf(response)).toBe('FORBIDDEN');
      expect(response.errors?.[0]?.extensions?.requiredScopes).toEqual([['workspace:write']]);
    }
  });

  it('rejects bad input with clear messages and keeps answering', async () => {
    const emptyName = await call('alice', SAVE_UDAT, { input: { kind: 'RESULT', name: '   ', payload: {} } });
    expect(codeOf(emptyName)).toBe('BAD_USER_INPUT');
    expect(emptyName.errors?.[0]?.extensions).toMatchObject({
      reason: 'INVALID_PARAMETER',
      argument: 'input.name',
    });
    expect(emptyName.errors?.[0]?.message).toBe(
      'input.name: must not be empty: give the artifact a name of 1 to 200 characters.',
    );

    const unknownVisibility = await call('alice', SAVE_UDAT, {
      input: { kind: 'RESULT', name: 'x', payload: {}, visibility: 'EVERYONE' },
    });
    expect(codeOf(unknownVisibility)).toBe('BAD_USER_INPUT');
    expect(unknownVisibility.errors?.[0]?.message).toContain(
      '"EVERYONE" does not exist in "Visibility" enum',
    );

    const oversized = await call('alice', SAVE_UDAT, {
      input: { kind: 'RESULT', name: 'too big', payload: { rows: 'x'.repeat(5 * 1_048_576) } },
    });
    expect(codeOf(oversized)).toBe('BAD_USER_INPUT');
    expect(oversized.errors?.[0]?.extensions?.argument).toBe('input.payload');
    expect(oversized.errors?.[0]?.message).toContain('the limit is 5.0 MB');

    const malformedCursor = await call('alice', HISTORY, { after: 'not-a-cursor' });
    expect(codeOf(malformedCursor)).toBe('BAD_USER_INPUT');
    expect(malformedCursor.errors?.[0]?.extensions).toMatchObject({
      reason: 'MALFORMED_CURSOR',
      argument: 'after',
    });
    const udatCursor = (await ok('alice', '{ udats(first: 1) { pageInfo { endCursor } } }')).udats.pageInfo
      .endCursor;
    expect(codeOf(await call('alice', HISTORY, { after: udatCursor }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call('alice', HISTORY, { first: 101 }))).toBe('BAD_USER_INPUT');

    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      [
        SAVE_UDAT,
        { input: { kind: 'GENE_SET', name: 'g', payload: ['TP53'] } },
        'input.payload',
        /\{"genes"/,
      ],
      [
        SAVE_UDAT,
        { input: { kind: 'GENE_SET', name: 'g', payload: { genes: [] } } },
        'input.payload.genes',
        /at least one/,
      ],
      [
        SAVE_UDAT,
        { input: { kind: 'RESULT', name: 'r', payload: {}, cohortId: COHORT_ID } },
        'input.cohortId',
        /COHORT/,
      ],
      [
        SAVE_UDAT,
        { input: { kind: 'COHORT', name: 'c', payload: {}, cohortId: 'PAT-1' } },
        'input.cohortId',
        /cohort id/,
      ],
      [
        SAVE_UDAT,
        { input: { kind: 'RESULT', name: 'r', payload: {}, tags: ['x'.repeat(65)] } },
        'input.tags.0',
        /64/,
      ],
      [
        RECORD_RUN,
        { input: { kind: 'QUERY', title: 't', operation: '{ broken' } },
        'input.operation',
        /not valid GraphQL/,
      ],
      [
        RECORD_RUN,
        { input: { kind: 'APP_RUN', title: 't', operation: '{ a }' } },
        'input.app',
        /required for an APP_RUN/,
      ],
      [
        RECORD_RUN,
        { input: { kind: 'QUERY', title: 't', operation: '{ a }', variables: [1] } },
        'input.variables',
        /JSON object/,
      ],
      [UPDATE_UDAT, { id: 'udat_x', input: {} }, 'input', /changes nothing/],
    ];
    for (const [query, variables, argument, message] of cases) {
      const response = await call('alice', query, variables);
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.extensions?.argument).toBe(argument);
      expect(response.errors?.[0]?.message).toMatch(message);
    }

    const stillAnswering = await call('alice', '{ workspaceProduct { name } }');
    expect(stillAnswering.status).toBe(200);
    expect(stillAnswering.data).toEqual({ workspaceProduct: { name: 'workspace' } });
    const health = await fetch(`${workspace.origin}/ready`);
    expect(health.status).toBe(200);
  });

  it('resolves HistoryEntry and Udat entities with the same visibility rules', async () => {
    const run = await recordRun('alice', { title: 'entity run' });
    const udat = await saveUdat('alice', { name: 'entity artifact', visibility: 'TEAM' });
    const ENTITIES = `query($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on HistoryEntry { id title }
        ... on Udat { id name }
      }
    }`;
    const representations = [
      { __typename: 'HistoryEntry', id: run.id },
      { __typename: 'Udat', id: udat.id },
      { __typename: 'Udat', id: 'udat_missing' },
    ];
    expect((await ok('alice', ENTITIES, { representations }))._entities).toEqual([
      { id: run.id, title: 'entity run' },
      { id: udat.id, name: 'entity artifact' },
      null,
    ]);
    expect((await ok('bob', ENTITIES, { representations }))._entities).toEqual([
      null,
      { id: udat.id, name: 'entity artifact' },
      null,
    ]);
    expect((await ok('carol', ENTITIES, { representations }))._entities).toEqual([null, null, null]);
    expect(codeOf(await call('anonymous', ENTITIES, { representations }))).toBe('UNAUTHENTICATED');
  });

  it('keeps its data across a restart on the same store', async () => {
    const run = await recordRun('alice', { title: 'survives restart', result: { n: 42 } });
    const udat = await saveUdat('alice', { name: 'survives restart', sourceId: run.id });
    const before = await ok('alice', '{ workspaceProduct { dataVersion } }');

    await workspace.close();
    workspace = await start();

    const after = await ok('alice', '{ workspaceProduct { dataVersion } }');
    expect(after.workspaceProduct.dataVersion).toBe(before.workspaceProduct.dataVersion);
    expect(
      (await ok('alice', `query($id: ID!) { historyEntry(id: $id) { title result } }`, { id: run.id }))
        .historyEntry,
    ).toEqual({
      title: 'survives restart',
      result: { n: 42 },
    });
    expect((await ok('alice', UDAT, { id: udat.id })).udat).toMatchObject({
      name: 'survives restart',
      source: { id: run.id },
    });
    const updated = await ok('alice', UPDATE_UDAT, { id: udat.id, input: { name: 'after restart' } });
    expect(updated.updateUdat.version).toBe(2);
  });
});
