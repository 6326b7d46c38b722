import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import {
  createWritableDatabase,
  defineRowStream,
  startProduct,
  type ProductDefinition,
  type RunningProduct,
} from '@mesh/product-kit';
import { graphql, waitUntil } from '@mesh/testing';
import { startGateway, type RunningGateway } from '../src';
import { testLogger } from './support/products';

/**
 * A bulk export the client abandons: the gateway must abort its request to the product, and the product
 * must stop iterating (and close its rows) instead of reading on into a dead socket. The product here is
 * a public one whose row stream never ends, so only a stop can end it.
 */

const typeDefs = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query { numbers(first: Int = 10, after: String, failAt: Int): NumberConnection! }
  type NumberConnection { nodes: [Counted!]! pageInfo: PageInfo! }
  type Counted { n: Int! square: Float! label: String }
`;

/** What the row stream did: rows handed out, and whether its iterator was closed. */
const iteration = { produced: 0, closed: false };

const numbers: ProductDefinition<Record<string, never>> = {
  name: 'numbers',
  title: 'Numbers',
  description: 'Counts for ever: a row stream that only a stop ends.',
  version: '1.0.0',
  license: 'CC0-1.0',
  visibility: 'public',
  typeDefs,
  migrations: [],
  dataTables: [],
  resolvers: {
    Query: {
      numbers: (_: unknown, args: { first: number }) => ({
        nodes: Array.from({ length: args.first }, (_unused, n) => ({ n })),
        pageInfo: { hasNextPage: false, endCursor: null },
      }),
    },
    Counted: { square: ({ n }: { n: number }) => n * n, label: ({ n }: { n: number }) => `number ${n}` },
  },
  rowStreams: {
    numbers: defineRowStream<Record<string, never>, { n: number }>({
      *rows({ args }) {
        try {
          for (let n = 0; ; n++) {
            if (n === args.failAt) throw new Error(`row ${n} is unreadable`);
            iteration.produced = n + 1;
            yield { n };
          }
        } finally {
          iteration.closed = true;
        }
      },
      fields: { n: (row) => row.n, square: (row) => row.n * row.n, label: (row) => `number ${row.n}` },
    }),
  },
  prepareStorage: async () => () => ({}),
};

let dir: string;
let product: RunningProduct;
let gateway: RunningGateway;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mesh-numbers-'));
  const file = join(dir, 'numbers.sqlite');
  await (await createWritableDatabase(file, [])).destroy();
  product = await startProduct(numbers, {
    databaseFile: file,
    port: 0,
    host: '127.0.0.1',
    logger: testLogger('numbers'),
  });
  gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    subgraphs: [{ name: 'numbers', url: product.url }],
    logger: testLogger('gateway'),
  });
});

afterAll(async () => {
  await gateway?.close();
  await product?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('stops the product’s iteration when the client leaves mid-stream', async () => {
  const query =
    'query($after: String) { numbers(after: $after) { nodes { n square label } pageInfo { hasNextPage endCursor } } }';
  const response = await request(
    `${gateway.origin}/export?${new URLSearchParams({ query, format: 'ndjson' })}`,
  );
  expect([response.statusCode, response.headers['x-export-path']]).toEqual([200, 'bulk']);
  expect(response.headers['x-data-product']).toBe('numbers');
  let received = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > 4 * 2 ** 20) break; // leaving the loop destroys the body: the client goes away
  }
  await waitUntil(
    'the product stops its row stream',
    async () => (product.stats.bulk.aborted === 1 ? true : undefined),
    {
      describe: () => `stats ${JSON.stringify(product.stats.bulk)}, produced ${iteration.produced}`,
    },
  );
  expect(iteration.closed).toBe(true);
  expect(product.stats.bulk).toMatchObject({ started: 1, completed: 0, failed: 0, aborted: 1 });
  // Rows handed out beyond what the client read are only what the socket buffers held.
  const stopped = iteration.produced;
  expect(stopped).toBeLessThan(1_000_000);
  // The product goes on answering, and the stopped stream produces nothing more.
  const answer = await graphql<{ numbers: { nodes: { square: number }[] } }>(
    product.url,
    '{ numbers(first: 3) { nodes { square } } }',
  );
  expect(answer.data?.numbers.nodes.map((node) => node.square)).toEqual([0, 1, 4]);
  expect(iteration.produced).toBe(stopped);
});

it('streams a slow reader with backpressure, not by buffering the rows', async () => {
  iteration.produced = 0;
  const query = '{ numbers(first: 1000) { nodes { n } } }';
  // This row stream never ends (it ignores `first`), so only the reader's pace holds it: with backpressure
  // from the client through the gateway to the product, it pauses instead of piling rows up in memory.
  const response = await request(`${gateway.origin}/export?${new URLSearchParams({ query, format: 'csv' })}`);
  expect(response.headers['x-export-path']).toBe('bulk');
  const iterator = (response.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  await iterator.next(); // the first chunk, then nothing read for a while
  const produced = await waitUntil('the stream waits for the reader', async () => {
    const before = iteration.produced;
    await graphql(product.url, '{ numbers(first: 1) { nodes { n } } }'); // the product stays responsive
    return iteration.produced === before ? before : undefined;
  });
  expect(produced).toBeLessThan(2_000_000);
  await iterator.return?.();
});

it('cuts the connection when the product fails mid-stream, so the client never sees a short file as whole', async () => {
  const query =
    'query($after: String) { numbers(failAt: 300000, after: $after) { nodes { n label } pageInfo { hasNextPage endCursor } } }';
  const response = await request(`${gateway.origin}/export?${new URLSearchParams({ query })}`);
  expect([response.statusCode, response.headers['x-export-path']]).toEqual([200, 'bulk']);
  await expect(response.body.text()).rejects.toThrow();
  await waitUntil('the product counts the failed stream', async () =>
    product.stats.bulk.failed === 1 ? true : undefined,
  );
});
