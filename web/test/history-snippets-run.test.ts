import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalMesh, type LocalMesh } from '@mesh/testing';
import { fetchSupergraphId } from '../components/history/gateway-fetch';
import { resultHashOfAnswer } from '../components/history/result-hash';
import type { AppFormValues, CohortValues } from '../lib/apps';
import { gatewayEndpoints, notebookSnippets, resultShapeOf, type NotebookSnippets } from '../lib/snippets';
import { HISTORY_ENTRY_QUERY, productsOfAnswer, RECORD_RUN } from '../lib/workspace';
import { discoverApp, ok, runAndRecordApp, sessionGateway } from './support/app-runs';

/*
 * The history page's notebook snippets, executed for real: Python (requests + pandas), R (httr2 + jsonlite)
 * and curl each call a running gateway with an API token from MESH_TOKEN, and the table each one builds must
 * be the table the gateway answers. Every interpreter is required: a missing one fails the suite, naming the
 * Debian packages to install.
 */

const PYTHON = process.env.MESH_TEST_PYTHON ?? '/usr/bin/python3';
const RSCRIPT = process.env.MESH_TEST_RSCRIPT ?? 'Rscript';
const TABLE_MARK = '@@TABLE@@';

interface Interpreter {
  command: string;
  args: string[];
  packages: string;
  what: string;
}

const INTERPRETERS: Interpreter[] = [
  {
    command: PYTHON,
    args: ['-c', 'import pandas, requests'],
    packages: 'python3 python3-pandas python3-requests',
    what: `${PYTHON} with pandas and requests`,
  },
  {
    command: RSCRIPT,
    args: ['-e', 'library(httr2); library(jsonlite)'],
    packages: 'r-base-core r-cran-httr2 r-cran-jsonlite',
    what: 'Rscript with httr2 and jsonlite',
  },
  { command: 'bash', args: ['-c', 'curl --version'], packages: 'bash curl', what: 'bash and curl' },
];

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The folder it ran in (curl writes result.csv there). */
  dir: string;
}

/** Runs a program without blocking the event loop (the mesh answering it lives in this process). */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<Omit<Ran, 'dir'>>((resolve) => {
    execFile(
      command,
      args,
      { ...options, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr: stderr || (error && code === null ? error.message : '') });
      },
    );
  });
}

let mesh: LocalMesh;
let sessionToken: string;
let apiToken: string;
let workDir: string;

/** Alice's web session (the session token, not the API token the snippets use). */
const { send, query } = sessionGateway(
  () => mesh.gateway.url,
  () => sessionToken,
);

/** The snippets exactly as the history page builds them for one recorded run. */
async function snippetsOfEntry(id: string): Promise<NotebookSnippets> {
  const { historyEntry: entry } = await ok(send(HISTORY_ENTRY_QUERY, { id }));
  if (!entry) throw new Error(`no history entry ${id}`);
  return notebookSnippets({
    endpoints: gatewayEndpoints({ GATEWAY_URL: mesh.gateway.url }),
    operation: entry.operation,
    operationName: entry.operationName,
    variables: entry.variables,
    shape: resultShapeOf(entry.operation, entry.operationName, entry.result),
  });
}

/** A snippet saved to a file and run, then a postlude that prints the `table` it built as JSON. */
async function runSnippet(language: 'python' | 'r' | 'curl', source: string, name: string): Promise<Ran> {
  const dir = mkdtempSync(join(workDir, `${name}-${language}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MESH_TOKEN: apiToken,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1',
  };
  for (const key of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'])
    delete env[key];
  if (language === 'python') {
    const postlude = `\nprint(${JSON.stringify(TABLE_MARK)} + table.to_json(orient="split", index=False, double_precision=15))\n`;
    writeFileSync(join(dir, 'snippet.py'), source + postlude);
    return { dir, ...(await run(PYTHON, ['snippet.py'], { cwd: dir, env })) };
  }
  if (language === 'r') {
    const postlude =
      `\ncat(${JSON.stringify(TABLE_MARK)}, jsonlite::toJSON(list(columns = names(table), data = table), ` +
      'dataframe = "values", na = "null", digits = NA), "\\n", sep = "")\n';
    writeFileSync(join(dir, 'snippet.R'), source + postlude);
    return { dir, ...(await run(RSCRIPT, ['snippet.R'], { cwd: dir, env })) };
  }
  writeFileSync(join(dir, 'snippet.sh'), source);
  return { dir, ...(await run('bash', ['-e', 'snippet.sh'], { cwd: dir, env })) };
}

interface Table {
  columns: string[];
  data: unknown[][];
}

/** The table a snippet's postlude printed. */
function printedTable(ran: Ran): Table {
  if (ran.code !== 0) throw new Error(`snippet failed (exit ${ran.code}):\n${ran.stderr}\n${ran.stdout}`);
  const line = ran.stdout.split('\n').find((text) => text.startsWith(TABLE_MARK));
  if (!line) throw new Error(`the snippet printed no table:\n${ran.stdout}\n${ran.stderr}`);
  return JSON.parse(line.slice(TABLE_MARK.length)) as Table;
}

/** RFC 4180 CSV (quoted fields with doubled quotes, CRLF or LF) → header and rows of strings. */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const [header = [], ...rows] = records;
  return { header, rows };
}

/** Equal cells: numbers within a relative 1e-9 (doubles pass through text on the way), others by value and type. */
function sameCell(actual: unknown, expected: unknown): boolean {
  const [a, b] = [actual ?? null, expected ?? null];
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  return a === b;
}

/** The cells where a data frame differs from the gateway's rows (the first 20), for a readable failure. */
function tableDifferences(actual: readonly unknown[][], expected: readonly unknown[][]): string[] {
  const problems: string[] = [];
  if (actual.length !== expected.length) problems.push(`${actual.length} rows, expected ${expected.length}`);
  expected.forEach((row, r) => {
    const got = actual[r];
    if (!got) return;
    if (got.length !== row.length) problems.push(`row ${r}: ${got.length} cells, expected ${row.length}`);
    else
      row.forEach((cell, c) => {
        if (!sameCell(got[c], cell))
          problems.push(`row ${r}, column ${c}: ${JSON.stringify(got[c])}, expected ${JSON.stringify(cell)}`);
      });
  });
  return problems.slice(0, 20);
}

beforeAll(async () => {
  const missing: string[] = [];
  for (const interpreter of INTERPRETERS) {
    const ran = await run(interpreter.command, interpreter.args);
    if (ran.code !== 0) {
      missing.push(
        `${interpreter.what} is not usable (${ran.stderr.trim().split('\n').pop() ?? 'not found'}): ` +
          `install it with \`apt-get install -y ${interpreter.packages}\` (Debian/Ubuntu, as root).`,
      );
    }
  }
  if (missing.length > 0) throw new Error(missing.join('\n'));

  workDir = mkdtempSync(join(tmpdir(), 'mesh-snippets-'));
  mesh = await startLocalMesh({ workspace: true, data: { patients: 400, samples: 100, genes: 50 } });
  const login = await fetch(`${mesh.gateway.origin}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'demo' }),
  });
  expect(login.status).toBe(200);
  sessionToken = ((await login.json()) as { token: string }).token;
  // What the API tokens page does for the user: a personal token for notebooks.
  const created = await fetch(`${mesh.gateway.origin}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionToken}` },
    body: JSON.stringify({ label: 'notebook snippets test', expiresInDays: 1 }),
  });
  expect(created.status).toBe(201);
  apiToken = ((await created.json()) as { token: string }).token;
  expect(apiToken).toMatch(/^mesh_pat_/);
}, 180_000);

afterAll(async () => {
  await mesh?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the snippets of a recorded list query, executed for real, export the same table', () => {
  const OPERATION = `query DiabetesPatients($diagnosis: String!, $first: Int!, $after: String) {
  patients(filter: { diagnosis: $diagnosis }, first: $first, after: $after) {
    totalCount
    nodes {
      id
      sex
      age
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}`;
  // A small page: the export has to follow several pages to give every row.
  const VARIABLES = { diagnosis: 'E11', first: 7 };
  const COLUMNS = ['id', 'sex', 'age'];
  const expected: unknown[][] = [];
  let snippets: NotebookSnippets;

  interface Page {
    patients: {
      totalCount: number;
      nodes: { id: string; sex: string; age: number }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  beforeAll(async () => {
    // Every page, as the gateway answers the same operation.
    let after: string | null = null;
    let first: Page | undefined;
    do {
      const page: Page = await query<Page>(OPERATION, { ...VARIABLES, after });
      first ??= page;
      expected.push(...page.patients.nodes.map((node) => [node.id, node.sex, node.age]));
      after = page.patients.pageInfo.hasNextPage ? page.patients.pageInfo.endCursor : null;
    } while (after);
    expect(expected.length).toBe(first!.patients.totalCount);
    expect(expected.length).toBeGreaterThan(VARIABLES.first * 2);

    // Recorded as a query run (first page as its result), then read back as the history page reads it.
    const answer = await send<Page, Record<string, unknown>>(OPERATION, VARIABLES);
    if (answer.status !== 'ok') throw new Error(JSON.stringify(answer));
    const recorded = await ok(
      send(RECORD_RUN, {
        input: {
          kind: 'QUERY',
          title: 'Patients with type 2 diabetes',
          operation: OPERATION,
          operationName: 'DiabetesPatients',
          variables: VARIABLES,
          supergraphId: await fetchSupergraphId(() => mesh.gateway.url),
          products: productsOfAnswer(answer.extensions),
          resultHash: resultHashOfAnswer(answer.data),
          result: answer.data,
        },
      }),
    );
    snippets = await snippetsOfEntry(recorded.recordRun.id);
    expect(snippets.python).toContain('"path": "patients.nodes"');
  });

  it('Python (requests + pandas) reads every row of the export into a data frame', async () => {
    const ran = await runSnippet('python', snippets.python, 'list');
    const table = printedTable(ran);
    expect(table.columns).toEqual(COLUMNS);
    expect(tableDifferences(table.data, expected)).toEqual([]);
    // The provenance line names the product and the data snapshot that answered.
    expect(ran.stdout).toContain("'clinical'");
  });

  it('R (httr2 + jsonlite) reads every row of the export into a data frame', async () => {
    const ran = await runSnippet('r', snippets.r, 'list');
    const table = printedTable(ran);
    expect(table.columns).toEqual(COLUMNS);
    expect(tableDifferences(table.data, expected)).toEqual([]);
    // head(table) is printed by Rscript: the column names and the first patient.
    expect(ran.stdout).toMatch(new RegExp(`id\\s+sex\\s+age[\\s\\S]*${expected[0]![0]}`));
  });

  it('curl answers the first page and writes every row to result.csv', async () => {
    const ran = await runSnippet('curl', snippets.curl, 'list');
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const answer = JSON.parse(ran.stdout) as { data: Page };
    expect(answer.data.patients.nodes.map((node) => [node.id, node.sex, node.age])).toEqual(
      expected.slice(0, VARIABLES.first),
    );
    const csv = parseCsv(readFileSync(join(ran.dir, 'result.csv'), 'utf8'));
    expect(csv.header).toEqual(COLUMNS);
    expect(csv.rows).toEqual(expected.map((row) => row.map(String)));
  });
});

interface AnalysisCase {
  app: string;
  /** Fills in the app's form (its default values) as a user would. */
  fill(values: AppFormValues): void | Promise<void>;
}

const ANALYSES: AnalysisCase[] = [
  {
    app: 'clinical.cohortSummary',
    fill: (values) => {
      cohortOf(values, 0).diagnoses = 'E11';
    },
  },
  {
    // Cohorts named "1" and "2": the group column holds text that looks like numbers, which must stay text.
    app: 'trials.survival',
    fill: async (values) => {
      // The trial with the most patients, on an endpoint it records.
      const { trials } = await query<{
        trials: { id: string; endpoints: string[]; enrolmentCount: number }[];
      }>('{ trials { id endpoints enrolmentCount } }');
      const trial = [...trials].sort((a, b) => b.enrolmentCount - a.enrolmentCount)[0]!;
      values.parameters.trial = trial.id;
      values.parameters.endpoint = trial.endpoints[0]!;
      values.groups[0]!.name = '1';
      cohortOf(values, 0).sex = 'FEMALE';
      values.groups[1]!.name = '2';
      cohortOf(values, 1).sex = 'MALE';
    },
  },
];

function cohortOf(values: AppFormValues, index: number): CohortValues {
  const group = values.groups[index];
  if (group?.builder !== 'cohort') throw new Error(`group ${index} has no cohort builder`);
  return group.cohort;
}

describe.each(ANALYSES)(
  'the snippets of a recorded $app run, executed for real, give its result table',
  (analysis) => {
    let expected: { columns: string[]; rows: unknown[][]; resultHash: string };
    let entryField: string;
    let snippets: NotebookSnippets;

    beforeAll(async () => {
      // Run and recorded as the app's page does: metadata and schema from the gateway, the form's defaults
      // filled in, the app runner's operation and record.
      const discovered = await discoverApp(query, analysis.app);
      entryField = discovered.app.entry;
      const recorded = await runAndRecordApp(send, discovered, analysis.fill);
      expect(recorded.result.computable).toBe(true);
      expect(recorded.result.table.rows.length).toBeGreaterThan(1);
      expected = {
        columns: recorded.result.table.columns.map((column) => column.name),
        rows: recorded.result.table.rows,
        resultHash: recorded.result.resultHash,
      };
      snippets = await snippetsOfEntry(recorded.id);
      expect(snippets.python).toContain(`result = data["${entryField}"]["result"]`);
    });

    it('Python (requests + pandas) builds the result table as a data frame', async () => {
      const ran = await runSnippet('python', snippets.python, 'analysis');
      const table = printedTable(ran);
      expect(table.columns).toEqual(expected.columns);
      expect(tableDifferences(table.data, expected.rows)).toEqual([]);
      expect(ran.stdout).toContain(expected.resultHash);
    });

    it('R (httr2 + jsonlite) builds the result table as a data frame, each column of its own type', async () => {
      const ran = await runSnippet('r', snippets.r, 'analysis');
      const table = printedTable(ran);
      expect(table.columns).toEqual(expected.columns);
      expect(tableDifferences(table.data, expected.rows)).toEqual([]);
      expect(ran.stdout).toContain(expected.resultHash);
    });

    it('curl gets the same result, hash included', async () => {
      const ran = await runSnippet('curl', snippets.curl, 'analysis');
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      const answer = JSON.parse(ran.stdout) as {
        data: Record<string, { result: { resultHash: string; table: { rows: unknown[][] } } }>;
      };
      const result = answer.data[entryField]!.result;
      expect(result.resultHash).toBe(expected.resultHash);
      expect(result.table.rows).toEqual(expected.rows);
    });
  },
);
