import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { request } from 'undici';
import { startRegistry, type RunningRegistry } from '@mesh/schema-registry';
import { asUser, graphql, waitForHealthy } from '@mesh/testing';
import { startGateway, type RunningGateway } from '../src/server';
import { loadSupergraphCache } from '../src/supergraph-cache';
import { startClinicalAndGenomics, testLogger as silent, type TestProducts } from './support/products';

/*
 * The gateway takes its supergraph from the registry: real products publish their real SDL, the gateway
 * long-polls and hot-reloads; rejected publishes never reach it; rollback does.
 */
const ADMIN = 'gateway-test-admin-token-0123';

const PUBLISH = `mutation($input: PublishInput!) { publish(input: $input) {
  status code message version { seq id }
  check { composition { errors { code message } } changes { path criticality usage { safe reason operations { name clients { name version } } } } policy { basis } } } }`;
type PublishResult = {
  publish: {
    status: string;
    code: string | null;
    message: string;
    version: { seq: number; id: string } | null;
    check: {
      composition: { errors: { code: string; message: string }[] };
      changes: {
        path: string;
        criticality: string;
        usage: {
          safe: boolean;
          reason: string;
          operations: { name: string; clients: { name: string; version: string }[] }[];
        } | null;
      }[];
      policy: { basis: string | null } | null;
    } | null;
  };
};

async function serviceSdl(url: string): Promise<string> {
  const result = await graphql<{ _service: { sdl: string } }>(url, '{ _service { sdl } }');
  return result.data!._service.sdl;
}

/** Adds fields to the product's Query type (the first `type Query {` of its SDL). */
const withQueryFields = (sdl: string, fields: string) =>
  sdl.replace(/type Query \{/, `type Query {\n  ${fields}`);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('gateway with its supergraph from the registry', () => {
  let products: TestProducts;
  let registry: RunningRegistry;
  let gateway: RunningGateway;
  let cacheDir: string;
  let clinicalSdl: string;
  const admin = { authorization: `Bearer ${ADMIN}` };
  /** The products are private: data queries through the gateway are signed in (as the admin ada). */
  let ada: Record<string, string>;
  const publish = (
    product: string,
    url: string,
    sdl: string,
    version: string,
    extra: Record<string, unknown> = {},
  ) =>
    graphql<PublishResult>(
      registry.url,
      PUBLISH,
      { input: { product, routingUrl: url, sdl, version, ...extra } },
      admin,
    );
  const queryFields = async () => {
    const result = await graphql<{ __type: { fields: { name: string }[] } }>(
      gateway.url,
      '{ __type(name: "Query") { fields { name } } }',
    );
    return result.data!.__type.fields.map((f) => f.name);
  };
  /** Resolves when the gateway serves the schema version `id` (from its update event; no polling). */
  const served = async (id: string) => {
    while (gateway.supergraphId() !== id) await once(gateway.events, 'update');
  };

  beforeAll(async () => {
    ada = await asUser('ada');
    products = await startClinicalAndGenomics({ patients: 200, samples: 60, genes: 60 });
    cacheDir = mkdtempSync(join(tmpdir(), 'gateway-cache-'));
    registry = await startRegistry({
      port: 0,
      host: '127.0.0.1',
      adminToken: ADMIN,
      databaseFile: join(cacheDir, 'registry.sqlite'),
      logger: silent('registry'),
    });
    await waitForHealthy(`${registry.origin}/ready`);
    clinicalSdl = await serviceSdl(products.clinical.url);
    expect(
      (await publish('clinical', products.clinical.url, clinicalSdl, '1.0.0')).data?.publish.status,
    ).toBe('PUBLISHED');
    const second = await publish(
      'genomics',
      products.genomics.url,
      await serviceSdl(products.genomics.url),
      '1.0.0',
    );
    expect(second.data?.publish.status).toBe('PUBLISHED');
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [],
      registry: {
        origin: registry.origin,
        token: ADMIN,
        cacheFile: join(cacheDir, 'supergraph.json'),
        waitSeconds: 5,
        usageFlushMs: 3_600_000,
      },
      logger: silent('gateway'),
    });
    await waitForHealthy(`${gateway.origin}/ready`);
  });

  afterAll(async () => {
    await gateway?.close();
    await registry?.close();
    await products?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('serves the registry supergraph across products and caches it on disk', async () => {
    const result = await graphql<{ samples: { nodes: { patient: { id: string } }[] } }>(
      gateway.url,
      '{ samples(first: 3) { nodes { patient { id age } } } }',
      undefined,
      ada,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.samples.nodes).toHaveLength(3);
    const head = await fetch(`${registry.origin}/supergraph`, { headers: admin });
    expect(gateway.supergraphId()).toBe(head.headers.get('etag')!.replace(/"/g, ''));
    expect(loadSupergraphCache(join(cacheDir, 'supergraph.json'))?.id).toBe(gateway.supergraphId());
  });

  it('counts a bulk export in usage, so a breaking check sees the field it reads', async () => {
    const query = 'query BulkNotebook { patients(first: 5) { nodes { id age } } }';
    const response = await request(`${gateway.origin}/export?${new URLSearchParams({ query })}`, {
      headers: {
        ...ada,
        'apollographql-client-name': 'bulk-notebook',
        'apollographql-client-version': '1.0.0',
      },
    });
    await response.body.text();
    expect([response.statusCode, response.headers['x-export-path']]).toEqual([200, 'bulk']);
    await gateway.flushUsage();
    const check = await graphql<{
      check: {
        report: {
          changes: { path: string; usage: { safe: boolean; operations: { name: string }[] } | null }[];
        };
      };
    }>(
      registry.url,
      `
        mutation ($input: CheckInput!) {
          check(input: $input) {
            report {
              changes {
                path
                usage {
                  safe
                  operations {
                    name
                  }
                }
              }
            }
          }
        }
      `,
      { input: { product: 'clinical', sdl: clinicalSdl.replace(/^\s*age: Int!\n/m, ''), version: '1.0.1' } },
      admin,
    );
    const removed = check.data!.check.report.changes.find((change) => change.path === 'Patient.age');
    expect(removed?.usage?.safe).toBe(false);
    expect(removed?.usage?.operations.map((operation) => operation.name)).toContain('BulkNotebook');
  });

  it('hot-reloads a publish; rejects non-composing and unforced breaking publishes, keeping the previous supergraph; passes a usage-safe breaking change', async () => {
    const v110 = await publish(
      'clinical',
      products.clinical.url,
      withQueryFields(clinicalSdl, 'registryTestField: String\n  unusedTestField: String'),
      '1.1.0',
    );
    expect(v110.data!.publish.status).toBe('PUBLISHED');
    await served(v110.data!.publish.version!.id);
    expect(await queryFields()).toEqual(expect.arrayContaining(['registryTestField', 'unusedTestField']));

    // A client uses registryTestField; the gateway reports it.
    await graphql(gateway.url, 'query NotebookCohort { registryTestField }', undefined, {
      ...ada,
      'apollographql-client-name': 'notebook',
      'apollographql-client-version': '2.1.0',
    });
    await gateway.flushUsage(); // (reports are otherwise sent on a timer)

    const before = gateway.supergraphId();
    const conflicting = await publish(
      'clinical',
      products.clinical.url,
      withQueryFields(clinicalSdl, 'genomicsProduct: Int'),
      '1.2.0',
    );
    expect(conflicting.data!.publish).toMatchObject({
      status: 'REJECTED',
      code: 'COMPOSITION_FAILED',
      version: null,
    });
    expect(conflicting.data!.publish.check!.composition.errors.map((e) => e.message).join('\n')).toContain(
      'Query.genomicsProduct',
    );

    const breaking = await publish(
      'clinical',
      products.clinical.url,
      withQueryFields(clinicalSdl, 'unusedTestField: String'),
      '1.2.0',
    );
    expect(breaking.data!.publish).toMatchObject({ status: 'REJECTED', code: 'BREAKING_CHANGE' });
    expect(breaking.data!.publish.message).toContain('Query.registryTestField');
    const used = breaking.data!.publish.check!.changes.find((c) => c.path === 'Query.registryTestField')!;
    expect(used.usage).toMatchObject({
      safe: false,
      operations: [{ name: 'NotebookCohort', clients: [{ name: 'notebook', version: '2.1.0' }] }],
    });

    // Nothing new was published: the gateway still serves the same version, and it still answers.
    const current = await fetch(`${registry.origin}/supergraph`, { headers: admin });
    expect(current.headers.get('etag')).toBe(`"${before}"`);
    expect(gateway.supergraphId()).toBe(before);
    expect(
      (await graphql(gateway.url, '{ patients(first: 1) { totalCount } }', undefined, ada)).errors,
    ).toBeUndefined();

    const safe = await publish(
      'clinical',
      products.clinical.url,
      withQueryFields(clinicalSdl, 'registryTestField: String'),
      '1.2.0',
    );
    expect(safe.data!.publish).toMatchObject({
      status: 'PUBLISHED',
      check: { policy: { basis: 'usage-safe' } },
    });
    const removed = safe.data!.publish.check!.changes.find((c) => c.path === 'Query.unusedTestField')!;
    expect(removed).toMatchObject({ criticality: 'BREAKING', usage: { safe: true } });
    expect(removed.usage!.reason).toMatch(
      /No operation reported in the last 30 days uses Query\.unusedTestField/,
    );
    await served(safe.data!.publish.version!.id);
    expect(await queryFields()).not.toContain('unusedTestField');
  });

  it('rolls back end to end: a new version with the earlier schema, served by the gateway', async () => {
    const rollback = await graphql<{
      rollback: { status: string; message: string; version: { seq: number; id: string } };
    }>(
      registry.url,
      'mutation { rollback(input: { product: "clinical", toVersion: "1.0.0", force: true, reason: "registryTestField was an experiment" }) { status message version { seq id } } }',
      undefined,
      admin,
    );
    expect(rollback.data!.rollback.status).toBe('PUBLISHED');
    await served(rollback.data!.rollback.version.id);
    const fields = await queryFields();
    expect(fields).not.toContain('registryTestField');
    expect(fields).toEqual(expect.arrayContaining(['patients', 'samples']));
    // Same content as the very first mesh of clinical 1.0.0 + genomics 1.0.0, but a new entry in the history.
    const history = await graphql<{ history: { versions: { seq: number; id: string; action: string }[] } }>(
      registry.url,
      '{ history(first: 10) { versions { seq id action } } }',
      undefined,
      admin,
    );
    const versions = history.data!.history.versions;
    expect(versions[0]).toMatchObject({ action: 'rollback', seq: rollback.data!.rollback.version.seq });
    expect(versions.find((v) => v.seq === 2)!.id).toBe(rollback.data!.rollback.version.id);
  });

  it('never switches to a supergraph whose subgraphs fail the health check', async () => {
    const good = gateway.supergraphId();
    const dead = `http://127.0.0.1:${await closedPort()}/graphql`;
    const rejected = once(gateway.events, 'rejected');
    const moved = await publish('genomics', dead, await serviceSdl(products.genomics.url), '1.0.1');
    expect(moved.data!.publish.status).toBe('PUBLISHED');
    const [event] = (await rejected) as [{ id: string; reason: string }];
    expect(event.id).toBe(moved.data!.publish.version!.id);
    expect(gateway.supergraphId()).toBe(good);
    expect(
      (await graphql(gateway.url, '{ samples(first: 1) { nodes { id } } }', undefined, ada)).errors,
    ).toBeUndefined();
    const back = await publish(
      'genomics',
      products.genomics.url,
      await serviceSdl(products.genomics.url),
      '1.0.2',
    );
    await served(back.data!.publish.version!.id);
  });

  it('starts from the cached supergraph while the registry is unreachable', async () => {
    const cached = loadSupergraphCache(join(cacheDir, 'supergraph.json'))!;
    const offline = await startGateway({
      port: 0,
      host: '127.0.0.1',
      subgraphs: [],
      registry: {
        origin: `http://127.0.0.1:${await closedPort()}`,
        cacheFile: join(cacheDir, 'supergraph.json'),
        usageFlushMs: 0,
      },
      startupTimeoutMs: 500,
      logger: silent('gateway-offline'),
    });
    try {
      expect(offline.supergraphId()).toBe(cached.id);
      const result = await graphql<{ patients: { totalCount: number } }>(
        offline.url,
        '{ patients(first: 1) { totalCount } }',
        undefined,
        ada,
      );
      expect(result.data!.patients.totalCount).toBe(200);
    } finally {
      await offline.close();
    }
  });
});
