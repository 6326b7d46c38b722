import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { graphql, startLocalMesh, type LocalMesh } from '@mesh/testing';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

function fencedBlocks(language: string): string[] {
  return [...README.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(
    (match) => match[1]!,
  );
}

/** The README's graphql block holds several operations, each under a `#` comment line. */
function readmeOperations(): string[] {
  return fencedBlocks('graphql')
    .flatMap((block) => block.split(/^#.*$/m))
    .map((operation) => operation.trim())
    .filter(Boolean);
}

describe('README examples run against the mesh', () => {
  let mesh: LocalMesh;
  beforeAll(async () => {
    mesh = await startLocalMesh();
  });
  afterAll(() => mesh.close());

  it('the sign-in example gives a token, and an API token can be made with it', async () => {
    const signIn = fencedBlocks('bash').find((block) => block.includes('/auth/login'))!;
    const login = JSON.parse(/-d '(\{[^']*\})'/.exec(signIn)![1]!) as { username: string; password: string };
    const response = await request(`${mesh.gateway.origin}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(login),
    });
    const { token } = (await response.body.json()) as { token: string };
    expect(response.statusCode).toBe(200);
    const tokenBody = /auth\/tokens[\s\S]*?-d '(\{[^']*\})'/.exec(signIn)![1]!;
    const created = await request(`${mesh.gateway.origin}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: tokenBody,
    });
    expect(created.statusCode).toBe(201);
    expect(((await created.body.json()) as { token: string }).token).toMatch(/^mesh_pat_/);
  });

  it('the curl example answers without errors, as alice', async () => {
    const curl = fencedBlocks('bash').find((block) => block.includes('/graphql'))!;
    expect(curl).toContain('authorization: Bearer $TOKEN');
    const body = JSON.parse(/-d '([\s\S]*?)'/.exec(curl)![1]!) as { query: string };
    const result = await graphql<{ patients: { totalCount: number } }>(
      mesh.gateway.url,
      body.query,
      {},
      mesh.as.alice,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.patients.totalCount).toBeGreaterThan(0);
    expect(Object.keys(result.extensions!.dataProducts as object).sort()).toEqual(['clinical', 'genomics']);
  });

  it('every GraphQL example answers without errors', async () => {
    const operations = readmeOperations();
    expect(operations.length).toBeGreaterThanOrEqual(4);
    const first = await graphql<{ patients: { pageInfo: { endCursor: string } } }>(
      mesh.gateway.url,
      '{ patients(filter: {diagnosis: "I10"}, first: 50) { pageInfo { endCursor } } }',
      {},
      mesh.as.ada,
    );
    for (const operation of operations) {
      const query = operation.replace('<endCursor>', first.data!.patients.pageInfo.endCursor);
      const result = await graphql(mesh.gateway.url, query, {}, mesh.as.ada);
      expect({ query, errors: result.errors }).toEqual({ query, errors: undefined });
      expect(result.data).toBeTruthy();
    }
  });

  it('the Python example runs with requests, with an API token', async () => {
    const python = fencedBlocks('python')[0]!.replace('http://127.0.0.1:4000/graphql', mesh.gateway.url);
    const created = await request(`${mesh.gateway.origin}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...mesh.as.alice },
      body: JSON.stringify({ label: 'readme' }),
    });
    const { token } = (await created.body.json()) as { token: string };
    // Asynchronously: the mesh answering the script runs in this process.
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const env = { ...process.env, MESH_TOKEN: token };
      const child = execFile('python3', ['-c', python], { timeout: 60_000, env }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end();
    });
    if (/No module named 'requests'|ENOENT/.test(run.stderr)) {
      throw new Error(
        `python3 with requests is needed for this test (apt-get install -y python3-requests): ${run.stderr}`,
      );
    }
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ samples; answered by \{'clinical'/);
  });
});
