import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { tableFromIPC } from 'apache-arrow';
import { request } from 'undici';
import { graphql, startLocalMesh, type LocalMesh } from '@mesh/testing';

const PATIENTS = `query Export($first: Int, $after: String) {
  patients(first: $first, after: $after) {
    nodes { id age sex samples { id type } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * Runs a script with Debian's python3 (it has pandas; a pyenv python3 on PATH may not), asynchronously,
 * with MESH_TOKEN set to `token` (as the README's examples expect).
 */
async function runPython(script: string, token: string, args: string[] = []) {
  // Asynchronously: the mesh answering the script runs in this process.
  const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      '/usr/bin/python3',
      ['-c', script, ...args],
      { timeout: 55_000, env: { ...process.env, MESH_TOKEN: token } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  if (/No module named 'pandas'|ENOENT/.test(run.stderr))
    throw new Error(
      `/usr/bin/python3 with pandas is needed (apt-get install -y python3-pandas): ${run.stderr}`,
    );
  return run;
}

async function exportVia(
  origin: string,
  params: Record<string, unknown>,
  headers: Record<string, string>,
  method: 'GET' | 'POST' = 'POST',
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  const search =
    method === 'GET'
      ? `?${new URLSearchParams(
          Object.entries(params).map(([key, value]): [string, string] => [
            key,
            typeof value === 'string' ? value : JSON.stringify(value),
          ]),
        ).toString()}`
      : '';
  const response = await request(`${origin}/export${search}`, {
    method,
    headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    body: method === 'POST' ? JSON.stringify(params) : undefined,
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

describe('GET|POST /export', () => {
  let mesh: LocalMesh;
  /** clinical and genomics are private: exports run as ada (admin), as the same queries would. */
  let ada: Record<string, string>;
  const adaToken = () => ada.authorization!.replace(/^Bearer /, '');
  /** Patient id → number of samples, straight from GraphQL. */
  const samplesPerPatient = new Map<string, number>();

  beforeAll(async () => {
    mesh = await startLocalMesh();
    ada = mesh.as.ada;
    for (let after: string | null = null, more = true; more;) {
      const page: Awaited<
        ReturnType<
          typeof graphql<{
            patients: {
              nodes: { id: string; samples: unknown[] | null }[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          }>
        >
      > = await graphql(mesh.gateway.url, PATIENTS, { first: 1000, after }, ada);
      for (const node of page.data!.patients.nodes) samplesPerPatient.set(node.id, node.samples!.length);
      ({ hasNextPage: more, endCursor: after } = page.data!.patients.pageInfo);
    }
  });
  afterAll(() => mesh.close());

  it('streams patients with exploded samples as CSV, following every page', async () => {
    const fetchesBefore = mesh.gateway.stats.subgraphFetches.clinical?.total ?? 0;
    const response = await exportVia(
      mesh.gateway.origin,
      { query: PATIENTS, variables: { first: 300 }, path: 'patients.nodes', explode: 'samples' },
      ada,
    );
    expect({ status: response.status, body: response.status === 200 ? '' : response.text }).toEqual({
      status: 200,
      body: '',
    });
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="patients-nodes.csv"');
    const rows = parseCsv(response.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['id', 'age', 'sex', 'samples.id', 'samples.type']);
    // One row per sample; a patient without samples keeps one row with empty sample columns.
    const expected = [...samplesPerPatient.values()].reduce((sum, n) => sum + Math.max(1, n), 0);
    expect(samplesPerPatient.size).toBe(2000);
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map((row) => row.id)).size).toBe(2000);
    const withSample = rows.find((row) => row['samples.id'] !== '')!;
    expect(withSample['samples.type']).toMatch(/^[A-Z_]+$/);
    const without = rows.find((row) => samplesPerPatient.get(row.id!) === 0);
    if (without) expect(without['samples.id']).toBe('');
    // 2,000 patients in pages of 300: seven clinical fetches (plus genomics' _entities for samples).
    expect((mesh.gateway.stats.subgraphFetches.clinical?.total ?? 0) - fetchesBefore).toBe(7);
  });

  it('streams the same rows as NDJSON over GET', async () => {
    const response = await exportVia(
      mesh.gateway.origin,
      { query: PATIENTS, variables: { first: 1000 }, explode: 'samples', format: 'ndjson' },
      ada,
      'GET',
    );
    expect({ status: response.status, body: response.status === 200 ? '' : response.text }).toEqual({
      status: 200,
      body: '',
    });
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const rows = response.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength([...samplesPerPatient.values()].reduce((sum, n) => sum + Math.max(1, n), 0));
    expect(Object.keys(rows[0]!)).toEqual(['id', 'age', 'sex', 'samples.id', 'samples.type']);
    expect(typeof rows[0]!.age).toBe('number');
    expect(new Set(rows.map((row) => row.id)).size).toBe(2000);
  });

  it('exports every one of the 2,000 patients by following pageInfo.endCursor', async () => {
    const response = await exportVia(
      mesh.gateway.origin,
      { query: PATIENTS.replace('samples { id type }', 'diagnoses { code }'), variables: { first: 1000 } },
      ada,
    );
    expect({ status: response.status, body: response.status === 200 ? '' : response.text }).toEqual({
      status: 200,
      body: '',
    });
    const rows = parseCsv(response.text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2000);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(samplesPerPatient.keys()));
    // A list of objects that is not exploded is one JSON column.
    expect(Object.keys(rows[0]!)).toEqual(['id', 'age', 'sex', 'diagnoses']);
    expect(Array.isArray(JSON.parse(rows[0]!.diagnoses!))).toBe(true);
  });

  it.each([
    ['body that is not JSON', '{"query": ', 400, 'BAD_REQUEST'],
    ['no query', { format: 'csv' }, 400, 'BAD_REQUEST'],
    ['an unknown format', { query: PATIENTS, format: 'xlsx' }, 400, 'BAD_REQUEST'],
    [
      'a path the query does not select',
      { query: PATIENTS, path: 'patients.edges' },
      400,
      'EXPORT_PATH_NOT_FOUND',
    ],
    [
      'a path to a scalar',
      { query: '{ patients { totalCount } }', path: 'patients.totalCount' },
      400,
      'EXPORT_PATH_NOT_A_LIST',
    ],
    ['explode of a scalar', { query: PATIENTS, explode: 'age' }, 400, 'EXPORT_EXPLODE_INVALID'],
    [
      'paging without pageInfo',
      { query: 'query($after: String) { patients(after: $after) { nodes { id } } }' },
      400,
      'EXPORT_PAGING_NEEDS_PAGE_INFO',
    ],
    [
      'a page size the product refuses',
      { query: PATIENTS, variables: { first: 5000 } },
      400,
      'EXPORT_QUERY_FAILED',
    ],
    ['an invalid query', { query: '{ patients { nodes { nope } } }' }, 400, 'EXPORT_QUERY_FAILED'],
  ])('answers %s with a 4xx and a stable code', async (_name, body, status, code) => {
    const response = await request(`${mesh.gateway.origin}/export`, {
      method: 'POST',
      headers: { ...ada, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = (await response.body.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect({ status: response.statusCode, code: json.errors[0]!.extensions.code }).toEqual({ status, code });
    expect(json.errors[0]!.message.length).toBeGreaterThan(10);
  });

  it('streams Arrow IPC: one schema, a record batch per page, readable as one table', async () => {
    const response = await request(`${mesh.gateway.origin}/export`, {
      method: 'POST',
      headers: { ...ada, 'content-type': 'application/json' },
      body: JSON.stringify({ query: PATIENTS, variables: { first: 500 }, format: 'arrow' }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await response.body.arrayBuffer()));
    expect(table.batches.length).toBeGreaterThanOrEqual(4); // 2,000 patients in pages of 500
    expect(table.numRows).toBe(samplesPerPatient.size);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['id', 'age', 'sex', 'samples']);
    const ids = table.getChild('id')!.toArray() as string[];
    expect(new Set(ids).size).toBe(samplesPerPatient.size);
    const ages = table.getChild('age')!.toArray() as Float64Array;
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(18);
  });

  it('pandas.read_csv reads a 100,000-row export by URL', async () => {
    // 800 samples x 125 genes = 100,000 rows from the default snapshot, over pages of 200 samples.
    const genes = await graphql<{ genes: { nodes: { symbol: string }[] } }>(
      mesh.gateway.url,
      '{ genes(first: 125) { nodes { symbol } } }',
      undefined,
      ada,
    );
    const symbols = genes.data!.genes.nodes.map((gene) => gene.symbol);
    expect(symbols).toHaveLength(125);
    const query = `query Expression($genes: [String!]!, $first: Int, $after: String) {
      samples(first: $first, after: $after) {
        nodes { id type patient { id age } expression(genes: $genes) { gene { symbol } value } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const url = `${mesh.gateway.origin}/export?${new URLSearchParams({
      query,
      variables: JSON.stringify({ genes: symbols, first: 200 }),
      explode: 'expression',
    }).toString()}`;
    const script = [
      'import os, sys, pandas',
      // Over HTTP(S), pandas sends storage_options as request headers.
      'headers = {"Authorization": "Bearer " + os.environ["MESH_TOKEN"]}',
      'df = pandas.read_csv(sys.argv[1], storage_options=headers)',
      'print(len(df))',
      'print(",".join(df.columns))',
      'print(df["expression.value"].dtype, df["id"].nunique())',
    ].join('\n');
    const run = await runPython(script, adaToken(), [url]);
    expect(run.stderr).toBe('');
    const [rows, columns, types] = run.stdout.trim().split('\n');
    expect(Number(rows)).toBe(100_000);
    expect(columns).toBe('id,type,patient.id,patient.age,expression.gene.symbol,expression.value');
    expect(types).toBe('float64 800');
  });

  it("the README's pandas example reads the export", async () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const example = [...readme.matchAll(/```python\n([\s\S]*?)```/g)]
      .map((match) => match[1]!)
      .find((block) => block.includes('read_csv'))!;
    const run = await runPython(
      `${example.replace('http://127.0.0.1:4000', mesh.gateway.origin)}\nprint(len(df), df["id"].nunique(), ",".join(df.columns))`,
      adaToken(),
    );
    expect(run.stderr).toBe('');
    const [rows, patients, columns] = run.stdout.trim().split(' ');
    expect(Number(rows)).toBeGreaterThanOrEqual(Number(patients));
    expect(Number(patients)).toBeGreaterThan(0);
    expect(columns).toBe('id,age,sex,samples.id,samples.type');
  });
});
