import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/run';
import { clinicalSdl, genomicsSdl } from './fixtures';
import { ADMIN_TOKEN, startTestRegistry, type TestRegistry } from './support';

describe('mesh CLI', () => {
  let t: TestRegistry;
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const mesh = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { MESH_REGISTRY_URL: t.registry.origin, MESH_REGISTRY_TOKEN: ADMIN_TOKEN },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    t = await startTestRegistry('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'mesh-cli-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes, says when nothing changed, and exits non-zero with --json when a check fails', async () => {
    const clinical = file('clinical.graphql', clinicalSdl());
    const first = await mesh(
      'publish',
      '--product',
      'clinical',
      '--schema',
      clinical,
      '--version',
      '1.0.0',
      '--url',
      'http://clinical.test/graphql',
    );
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toMatch(/^PUBLISHED: Published clinical 1\.0\.0 as schema version sha256:/);
    const genomics = file('genomics.graphql', genomicsSdl());
    expect(
      (
        await mesh(
          'publish',
          '--product',
          'genomics',
          '--schema',
          genomics,
          '--version',
          '1.0.0',
          '--url',
          'http://genomics.test/graphql',
        )
      ).code,
    ).toBe(0);
    const again = await mesh(
      'publish',
      '--product',
      'clinical',
      '--schema',
      clinical,
      '--version',
      '1.0.0',
      '--url',
      'http://clinical.test/graphql',
    );
    expect(again.out).toMatch(/^UNCHANGED: .*identical/);

    const conflicting = file('bad.graphql', genomicsSdl({ ageType: 'String!' }));
    const check = await mesh('check', '--product', 'genomics', '--schema', conflicting, '--json');
    expect(check.code).toBe(1);
    const json = JSON.parse(check.out) as {
      status: string;
      code: string;
      report: { composition: { errors: { code: string }[] } };
    };
    expect(json).toMatchObject({ status: 'FAILED', code: 'COMPOSITION_FAILED' });
    expect(json.report.composition.errors.map((e) => e.code)).toContain('FIELD_TYPE_MISMATCH');

    const human = await mesh('check', '--product', 'genomics', '--schema', conflicting);
    expect(human.code).toBe(1);
    expect(human.out).toContain('✖ [FIELD_TYPE_MISMATCH]');
  });

  it('shows history and diffs, rolls back, writes the supergraph, searches the catalogue, manages tokens', async () => {
    const v2 = file('clinical2.graphql', clinicalSdl({ extraPatientFields: 'bmi: Float' }));
    expect(
      (
        await mesh(
          'publish',
          '--product',
          'clinical',
          '--schema',
          v2,
          '--version',
          '1.1.0',
          '--url',
          'http://clinical.test/graphql',
        )
      ).code,
    ).toBe(0);
    const history = await mesh('history', '--product', 'clinical');
    expect(history.out.split('\n')[0]).toMatch(/^#\s+id\s+action\s+product\s+version/);
    expect(history.out).toMatch(/3\s+sha256:\S+\s+publish\s+clinical\s+1\.1\.0/);
    const diff = await mesh('diff', '--from', '#1', '--to', 'current', '--product', 'clinical');
    expect(diff.out).toContain('+  bmi: Float');
    const rollback = await mesh('rollback', '--product', 'clinical', '--to', '1.0.0');
    expect(rollback.code).toBe(0);
    expect(rollback.out).toMatch(
      /^PUBLISHED: Rolled "clinical" back to the schema of 1\.0\.0: new schema version .* \(#4\)/,
    );
    expect(rollback.out).toContain('safe: No operation reported');
    const out = join(dir, 'supergraph.graphql');
    expect((await mesh('supergraph', '--output', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('@join__graph(name: "clinical"');
    const search = await mesh('catalog', 'sample');
    expect(search.out.split('\n')[1]).toMatch(/TYPE\s+genomics\s+Sample/);
    const created = await mesh(
      'token',
      'create',
      '--name',
      'ci',
      '--scope',
      'product',
      '--product',
      'genomics',
      '--json',
    );
    const secret = (JSON.parse(created.out) as { secret: string }).secret;
    const forbidden = await runCli(
      [
        'rollback',
        '--product',
        'clinical',
        '--to',
        '1.1.0',
        '--token',
        secret,
        '--registry',
        t.registry.origin,
      ],
      {
        out: () => undefined,
        err: () => undefined,
        env: {},
      },
    );
    expect(forbidden).toBe(2);
    const unreachable = await runCli(['history', '--registry', 'http://127.0.0.1:1'], {
      out: () => undefined,
      err: () => undefined,
      env: {},
    });
    expect(unreachable).toBe(2);
  });
});
