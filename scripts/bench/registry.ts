/**
 * Benchmark: schema registry publish (validation, composition, API diff, usage-aware checks, commit) on
 * generated meshes of 5, 20 and 50 subgraphs, and publish → gateway serving the new supergraph.
 *
 *   npm run bench:registry -- [--sizes 5,20,50] [--runs 7]
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startGateway } from '@mesh/gateway';
import { createLogger } from '@mesh/product-kit';
import { startRegistry } from '@mesh/schema-registry';

const ADMIN = 'bench-admin-token-0123456789';
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])';

/** Subgraph i owns Item<i> and adds a field to the shared Patient entity (owned by subgraph 0). */
function subgraphSdl(i: number, extra = ''): string {
  return `${LINK}
type Query { item${i}(id: ID!): Item${i} items${i}(first: Int = 50): [Item${i}!]! ${i === 0 ? 'patient(id: ID!): Patient' : ''} }
"Item of product ${i}."
type Item${i} @key(fields: "id") { id: ID! name: String! value: Float tags: [String!]! patient: Patient ${extra} }
type Patient @key(fields: "id") { id: ID! score${i}: Float }
`;
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

const PUBLISH = `mutation($input: PublishInput!) { publish(input: $input) { status message version { id } } }`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function benchSize(size: number, runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-registry-'));
  // One HTTP server answers every generated subgraph (the gateway's health check sends `{ __typename }`).
  const fake = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":{"__typename":"Query"}}');
    });
  });
  fake.listen(0, '127.0.0.1');
  await once(fake, 'listening');
  const fakeOrigin = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  const registry = await startRegistry({
    port: 0,
    host: '127.0.0.1',
    adminToken: ADMIN,
    databaseFile: join(dir, 'registry.sqlite'),
    logger: createLogger('registry', 'silent'),
  });
  const publish = async (i: number, version: string, extra = '') => {
    const started = performance.now();
    const { publish: result } = await gql<{
      publish: { status: string; message: string; version: { id: string } | null };
    }>(registry.url, PUBLISH, {
      input: {
        product: `p${i}`,
        routingUrl: `${fakeOrigin}/p${i}/graphql`,
        sdl: subgraphSdl(i, extra),
        version,
      },
    });
    if (result.status !== 'PUBLISHED') throw new Error(`${result.status}: ${result.message}`);
    return { ms: performance.now() - started, id: result.version!.id };
  };
  for (let i = 0; i < size; i++) await publish(i, '1.0.0');
  // Usage: one operation per subgraph, so breaking-change checks have data to look through.
  await fetch(`${registry.origin}/usage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({
      reports: Array.from({ length: size }, (_, i) => ({
        body: `query Q${i} { items${i} { id name value } }`,
        operationName: `Q${i}`,
        coordinates: [`Query.items${i}`, `Item${i}.id`, `Item${i}.name`, `Item${i}.value`],
        count: 100,
        client: { name: 'bench', version: '1.0.0' },
      })),
    }),
  });

  const gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    subgraphs: [],
    registry: { origin: registry.origin, token: ADMIN, waitSeconds: 30, usageFlushMs: 0 },
    logger: createLogger('gateway', 'silent'),
  });

  const publishMs: number[] = [];
  const breakingMs: number[] = [];
  const deliveryMs: number[] = [];
  const target = Math.floor(size / 2);
  for (let run = 0; run < runs; run++) {
    // Additive change: compose N subgraphs, diff the API, commit.
    const updated = once(gateway.events, 'update');
    const added = await publish(target, `1.${run + 1}.0`, `extra${run}: Int`);
    const started = performance.now() - added.ms;
    await updated;
    publishMs.push(added.ms);
    deliveryMs.push(performance.now() - started);
    if (gateway.supergraphId() !== added.id) throw new Error('gateway is not serving the published version');
    // Breaking change (removes the previous run's field): usage lookup + policy on top.
    const removed = await publish(target, `1.${run + 1}.1`, '');
    breakingMs.push(removed.ms);
    await once(gateway.events, 'update');
  }
  await gateway.close();
  await registry.close();
  fake.close();
  rmSync(dir, { recursive: true, force: true });
  return { size, publish: median(publishMs), breaking: median(breakingMs), delivery: median(deliveryMs) };
}

async function main() {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '5,20,50' }, runs: { type: 'string', default: '7' } },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  process.stdout.write(
    `registry benchmark: ${runs} runs per size, medians; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n\n`,
  );
  process.stdout.write(
    '| subgraphs | publish + checks, additive (ms) | publish + checks, breaking with usage (ms) | publish → gateway serving (ms) |\n',
  );
  process.stdout.write(
    '| --------: | ------------------------------: | -----------------------------------------: | -----------------------------: |\n',
  );
  for (const size of sizes) {
    const r = await benchSize(size, runs);
    process.stdout.write(
      `| ${r.size} | ${r.publish.toFixed(0)} | ${r.breaking.toFixed(0)} | ${r.delivery.toFixed(0)} |\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
