import { request } from 'undici';
import {
  asUser,
  demoCaller,
  graphql,
  productIdentity,
  startLocalMesh,
  type GraphQLResponse,
  type LocalMesh,
  type SignedHeaders,
} from '@mesh/testing';

/**
 * Derived results keep their source's access: an authorization matrix over every way a recorded result
 * can be reached (history entry; saved artifacts PRIVATE / TEAM / PUBLIC) × every role × the gateway and the
 * workspace product directly. The oracle is the source itself: a role may read derived content only when
 * the same operation through the gateway gives it the source's values.
 */

type Who = 'alice' | 'bob' | 'carol' | 'gene' | 'ada' | 'anonymous';
const WHO: Who[] = ['alice', 'bob', 'carol', 'gene', 'ada', 'anonymous'];

interface Source {
  product: string;
  title: string;
  query: string;
  variables?: Record<string, unknown>;
  resultPath?: string[];
  app?: string;
  /** The source's values as a reader sees them (the leak detector looks for them in every answer). */
  sentinel: (data: Record<string, unknown>) => string;
}

const SOURCES: Source[] = [
  {
    product: 'clinical',
    title: 'Three patients',
    query: '{ patients(first: 3) { nodes { id sex } } }',
    sentinel: (data) => (data.patients as { nodes: { id: string }[] }).nodes[0]!.id,
  },
  {
    product: 'genomics',
    title: 'ERBB2 expression, T2D vs rest',
    app: 'genomics.geneExpression',
    query: `query GeneExpression($a: CohortCriteria!, $b: CohortCriteria!) {
      compareCohorts(a: $a, b: $b) { geneExpression(gene: "ERBB2") { app resultHash table { rows } } }
    }`,
    variables: { a: { diagnosis: 'E11' }, b: { not: { diagnosis: 'E11' } } },
    resultPath: ['compareCohorts', 'geneExpression'],
    sentinel: (data) =>
      JSON.stringify(
        (data.compareCohorts as { geneExpression: { table: { rows: unknown[][] } } }).geneExpression.table
          .rows[0],
      ),
  },
  {
    product: 'trials',
    title: 'Trials',
    query: '{ trials { id title } }',
    sentinel: (data) => (data.trials as { title: string }[])[0]!.title,
  },
];

const ENTRY = `query($id: ID!) { historyEntry(id: $id) {
  id title owner { subject } lineage { userSupplied products { name version dataVersion } requiredScopes }
  access { readable missingScopes } result } }`;
const UDAT = `query($id: ID!) { udat(id: $id) {
  id name owner { subject } lineage { userSupplied products { name } requiredScopes }
  access { readable missingScopes } payload } }`;
const SAVE = `mutation($input: SaveUdatInput!) { saveUdat(input: $input) { id } }`;

let mesh: LocalMesh;
const gatewayHeaders = {} as Record<Who, Record<string, string>>;
const workspaceHeaders = {} as Record<Who, Record<string, string> | SignedHeaders>;

/** POSTs one operation to the gateway with request extensions (recordRun). */
async function withExtensions(
  who: Who,
  query: string,
  variables: Record<string, unknown> | undefined,
  extensions: Record<string, unknown>,
): Promise<GraphQLResponse> {
  const response = await request(mesh.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...gatewayHeaders[who] },
    body: JSON.stringify({ query, variables, extensions }),
  });
  return {
    status: response.statusCode,
    ...((await response.body.json()) as Omit<GraphQLResponse, 'status'>),
  };
}

interface Recorded {
  source: Source;
  /** Whether each role reads the source's values through the gateway itself. */
  readsSource: Record<Who, boolean>;
  sentinel: string;
  content: unknown;
  runId: string;
  udats: Record<'PRIVATE' | 'TEAM' | 'PUBLIC', string>;
}
const recorded: Recorded[] = [];

beforeAll(async () => {
  mesh = await startLocalMesh({ workspace: true });
  for (const who of WHO) {
    gatewayHeaders[who] = who === 'anonymous' ? {} : await asUser(who);
    workspaceHeaders[who] = who === 'anonymous' ? {} : await productIdentity(who, 'workspace');
  }
  for (const source of SOURCES) {
    const readsSource = {} as Record<Who, boolean>;
    let sentinel = '';
    for (const who of WHO) {
      const answer = await graphql(mesh.gateway.url, source.query, source.variables, gatewayHeaders[who]);
      readsSource[who] = !answer.errors && answer.data !== null && answer.data !== undefined;
      if (who === 'alice') sentinel = source.sentinel(answer.data!);
    }
    const answer = await withExtensions('alice', source.query, source.variables, {
      recordRun: {
        title: source.title,
        app: source.app,
        resultPath: source.resultPath,
        visibility: 'PUBLIC',
        tags: ['lineage-matrix'],
      },
    });
    expect(answer.errors).toBeUndefined();
    const runId = (answer.extensions?.recorded as { id: string } | undefined)?.id;
    expect(runId).toMatch(/^run_/);
    const udats = {} as Recorded['udats'];
    for (const visibility of ['PRIVATE', 'TEAM', 'PUBLIC'] as const) {
      const saved = await graphql<{ saveUdat: { id: string } }>(
        mesh.gateway.url,
        SAVE,
        { input: { kind: 'RESULT', name: `${source.title} (${visibility})`, sourceId: runId, visibility } },
        gatewayHeaders.alice,
      );
      expect(saved.errors).toBeUndefined();
      udats[visibility] = saved.data!.saveUdat.id;
    }
    const content = source.resultPath
      ? source.resultPath.reduce<unknown>(
          (value, key) => (value as Record<string, unknown>)[key],
          answer.data,
        )
      : answer.data;
    recorded.push({ source, readsSource, sentinel, content, runId: runId!, udats });
  }
}, 180_000);

afterAll(async () => {
  await mesh?.close();
});

/** Who sees the row at all (the row-level rule): PRIVATE alice; TEAM alice's analysts; PUBLIC everyone signed in. */
function sees(who: Who, where: 'HISTORY' | 'PRIVATE' | 'TEAM' | 'PUBLIC'): boolean {
  if (who === 'anonymous') return false;
  if (where === 'HISTORY' || where === 'PUBLIC') return true;
  if (where === 'PRIVATE') return who === 'alice';
  return who === 'alice' || who === 'bob';
}

const PATHS = ['gateway', 'workspace'] as const;
const WHERE = ['HISTORY', 'PRIVATE', 'TEAM', 'PUBLIC'] as const;

describe.each(SOURCES.map((source) => source.product))('a %s result', (product) => {
  it.each(PATHS)('leaks nothing to any role, in any container, via the %s', async (path) => {
    const row = recorded.find((candidate) => candidate.source.product === product)!;
    // The recording's lineage is what answered: the product with its versions, and its read scope.
    expect(row.readsSource.alice).toBe(true);
    for (const who of WHO) {
      for (const where of WHERE) {
        const url = path === 'gateway' ? mesh.gateway.url : mesh.workspace!.url;
        const headers = path === 'gateway' ? gatewayHeaders[who] : workspaceHeaders[who];
        const answer =
          where === 'HISTORY'
            ? await graphql(url, ENTRY, { id: row.runId }, headers)
            : await graphql(url, UDAT, { id: row.udats[where] }, headers);
        const label = `${who} ${where} via ${path}`;
        const text = JSON.stringify(answer);
        const item = (answer.data?.historyEntry ?? answer.data?.udat ?? null) as Record<
          string,
          unknown
        > | null;
        if (!sees(who, where)) {
          expect({ label, item }).toEqual({ label, item: null });
          expect({ label, leaked: text.includes(row.sentinel) }).toEqual({ label, leaked: false });
          continue;
        }
        // Metadata stays readable for everyone who sees the row.
        expect({ label, owner: item?.owner }).toEqual({ label, owner: { subject: 'alice' } });
        expect(item?.lineage).toMatchObject({
          userSupplied: false,
          products: expect.arrayContaining([expect.objectContaining({ name: product })]),
          requiredScopes: expect.arrayContaining([[[`${product}:read`]]]),
        });
        const content = where === 'HISTORY' ? item!.result : item!.payload;
        if (row.readsSource[who]) {
          expect({ label, access: item!.access }).toEqual({
            label,
            access: { readable: true, missingScopes: [] },
          });
          expect(content).toEqual(row.content);
        } else {
          expect({ label, leaked: text.includes(row.sentinel) }).toEqual({ label, leaked: false });
          expect({ label, access: item!.access }).toEqual({
            label,
            access: { readable: false, missingScopes: [`${product}:read`] },
          });
          if (where === 'HISTORY') {
            expect(content).toBeNull();
            expect(answer.errors?.[0]?.extensions).toMatchObject({
              code: 'FORBIDDEN',
              reason: 'LINEAGE_ACCESS',
              requiredScopes: [`${product}:read`],
            });
          } else {
            expect(content).toEqual({
              withheld: 'LINEAGE_ACCESS',
              message: `This result was computed from ${product} (needs ${product}:read): request access from its owners.`,
              requiredScopes: [`${product}:read`],
            });
          }
        }
      }
    }
  });
});

it('the carol/ERBB2 case: a PUBLIC genomics result shows carol its title, owner and lineage, never its values', async () => {
  const row = recorded.find((candidate) => candidate.source.product === 'genomics')!;
  const answer = await graphql(mesh.gateway.url, UDAT, { id: row.udats.PUBLIC }, gatewayHeaders.carol);
  expect(answer.data?.udat).toMatchObject({
    name: 'ERBB2 expression, T2D vs rest (PUBLIC)',
    owner: { subject: 'alice' },
    lineage: { userSupplied: false, products: expect.arrayContaining([{ name: 'genomics' }]) },
    access: { readable: false, missingScopes: ['genomics:read'] },
    payload: { withheld: 'LINEAGE_ACCESS', requiredScopes: ['genomics:read'] },
  });
  expect(JSON.stringify(answer)).not.toContain(row.sentinel);
  const run = await graphql(mesh.gateway.url, ENTRY, { id: row.runId }, gatewayHeaders.carol);
  expect(run.data?.historyEntry).toMatchObject({ result: null, access: { readable: false } });
  expect(run.errors?.[0]).toMatchObject({
    message: 'This result was computed from genomics (needs genomics:read): request access from its owners.',
    extensions: { code: 'FORBIDDEN', reason: 'LINEAGE_ACCESS', requiredScopes: ['genomics:read'] },
  });
  // Its lineage names the product versions that actually answered.
  const products = (run.data?.historyEntry as { lineage: { products: { name: string; version: string }[] } })
    .lineage.products;
  expect(products.find((p) => p.name === 'genomics')).toMatchObject({
    version: mesh.genomics.identity.version,
  });
});

it('withholds the result hash with the result: with the operation in view, a hash confirms guessed values', async () => {
  for (const row of recorded) {
    const hashOf = async (who: Who) =>
      (
        await graphql<{ historyEntry: { resultHash: string | null } | null }>(
          mesh.gateway.url,
          'query($id: ID!) { historyEntry(id: $id) { operation resultHash } }',
          { id: row.runId },
          gatewayHeaders[who],
        )
      ).data?.historyEntry?.resultHash ?? null;
    expect(await hashOf('alice')).toMatch(/^sha256:/);
    for (const who of WHO.filter((candidate) => candidate !== 'anonymous' && !row.readsSource[candidate]))
      expect({ who, product: row.source.product, hash: await hashOf(who) }).toEqual({
        who,
        product: row.source.product,
        hash: null,
      });
  }
});

it('saving or editing withheld content never says whether a guessed payload was right', async () => {
  const row = recorded.find((candidate) => candidate.source.product === 'genomics')!;
  expect(row.readsSource.carol).toBe(false);
  const lineageOf = async (id: string) =>
    (
      await graphql<{ udat: { lineage: { userSupplied: boolean } } }>(
        mesh.gateway.url,
        UDAT,
        { id },
        gatewayHeaders.carol,
      )
    ).data!.udat.lineage.userSupplied;
  // saveUdat from a run carol may not read, with the right content and with a wrong one: alike.
  const saves: boolean[] = [];
  for (const payload of [row.content, { ...(row.content as object), app: 'guess' }]) {
    const saved = await graphql<{ saveUdat: { id: string } }>(
      mesh.gateway.url,
      SAVE,
      { input: { kind: 'RESULT', name: 'Guess', sourceId: row.runId, payload } },
      gatewayHeaders.carol,
    );
    expect(saved.errors).toBeUndefined();
    saves.push(await lineageOf(saved.data!.saveUdat.id));
  }
  expect(saves).toEqual([true, true]);
  // updateUdat of her fork of withheld content, with the content itself: no tell either.
  const fork = await graphql<{ forkUdat: { id: string } }>(
    mesh.gateway.url,
    'mutation($id: ID!) { forkUdat(id: $id) { id } }',
    { id: row.udats.PUBLIC },
    gatewayHeaders.carol,
  );
  expect(fork.errors).toBeUndefined();
  const updated = await graphql(
    mesh.gateway.url,
    'mutation($id: ID!, $input: UpdateUdatInput!) { updateUdat(id: $id, input: $input) { id } }',
    { id: fork.data!.forkUdat.id, input: { payload: row.content } },
    gatewayHeaders.carol,
  );
  expect(updated.errors).toBeUndefined();
  expect(await lineageOf(fork.data!.forkUdat.id)).toBe(true);
});

it('an aggregate-only caller (dora) cannot read a row-level result back, though the app itself admits her tier', async () => {
  const row = recorded.find((candidate) => candidate.source.product === 'genomics')!;
  const dora = await asUser('dora');
  // The app admits genomics:aggregate (disclosure-controlled) ...
  const live = await graphql(mesh.gateway.url, row.source.query, row.source.variables, dora);
  expect(live.errors).toBeUndefined();
  // ... but alice's saved result was computed at row level: only genomics:read reads it.
  const answer = await graphql(mesh.gateway.url, UDAT, { id: row.udats.PUBLIC }, dora);
  expect(answer.data?.udat).toMatchObject({
    access: { readable: false, missingScopes: ['clinical:read', 'genomics:read'] },
    payload: { withheld: 'LINEAGE_ACCESS' },
  });
  expect(JSON.stringify(answer)).not.toContain(row.sentinel);
});

it('a scope revoked after saving revokes reading, for the owner too', async () => {
  const row = recorded.find((candidate) => candidate.source.product === 'genomics')!;
  const withoutGenomics = await productIdentity(
    {
      ...demoCaller('alice'),
      scopes: demoCaller('alice').scopes.filter((scope) => scope !== 'genomics:read'),
    },
    'workspace',
  );
  const answer = await graphql(mesh.workspace!.url, UDAT, { id: row.udats.PRIVATE }, withoutGenomics);
  expect(answer.data?.udat).toMatchObject({ access: { readable: false, missingScopes: ['genomics:read'] } });
  expect(JSON.stringify(answer)).not.toContain(row.sentinel);
});

it('a client-sent recordRun with forged products and result is user-supplied, with no product authority', async () => {
  const forged = await graphql<{ recordRun: Record<string, unknown> }>(
    mesh.gateway.url,
    `
      mutation ($input: RecordRunInput!) {
        recordRun(input: $input) {
          id
          products {
            name
          }
          lineage {
            userSupplied
            products {
              name
            }
            claimedProducts {
              name
            }
            requiredScopes
          }
        }
      }
    `,
    {
      input: {
        kind: 'QUERY',
        title: 'forged',
        operation: '{ trials { id } }',
        products: [{ name: 'trials', version: '1.0.0', dataVersion: 'sha256:forged' }],
        result: { trials: [{ id: 'NCT-FORGED' }] },
        visibility: 'PUBLIC',
      },
    },
    gatewayHeaders.alice,
  );
  expect(forged.errors).toBeUndefined();
  expect(forged.data!.recordRun).toMatchObject({
    products: [],
    lineage: {
      userSupplied: true,
      products: [],
      claimedProducts: [{ name: 'trials' }],
      requiredScopes: [[['trials:read']]],
    },
  });
});

it('records nothing, with a coded recordError, when asked badly; the answer itself is returned', async () => {
  const answer = await withExtensions('alice', '{ trials { id } }', undefined, { recordRun: { title: '' } });
  expect(answer.data).toMatchObject({ trials: expect.any(Array) });
  expect(answer.extensions?.recordError).toMatchObject({ code: 'RECORD_RUN_INVALID' });
  expect(answer.extensions?.recorded).toBeUndefined();

  // Re-recording stored content would launder it into a run needing only workspace:read.
  const genomics = recorded.find((candidate) => candidate.source.product === 'genomics')!;
  for (const query of [
    'query($id: ID!) { historyEntry(id: $id) { title result } }',
    'query($id: ID!) { udat(id: $id) { ...U } } fragment U on Udat { payload }',
  ]) {
    const id = query.includes('udat') ? genomics.udats.PUBLIC : genomics.runId;
    const laundered = await withExtensions('alice', query, { id }, { recordRun: { title: 'copy' } });
    expect(laundered.errors).toBeUndefined();
    expect(laundered.extensions?.recordError).toMatchObject({ code: 'RECORD_RUN_STORED_CONTENT' });
    expect(laundered.extensions?.recorded).toBeUndefined();
  }

  const anonymous = await withExtensions('anonymous', '{ __typename }', undefined, {
    recordRun: { title: 'x' },
  });
  expect(anonymous.extensions?.recordError).toMatchObject({
    code: 'RECORD_RUN_REFUSED',
    reason: 'UNAUTHENTICATED',
  });
});
