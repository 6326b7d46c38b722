import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, parse } from 'graphql';
import { request } from 'undici';
import { createLogger } from '@mesh/product-kit';
import { csv, csvField } from './formats';
import { planExport, shapeOfOperation } from './plan';
import { createExportRoute } from './route';
import { flattenElement } from './rows';
import { ClientGoneError, StreamWriter } from './stream-writer';
import type { ExecuteOperation } from './execute';

const schema = buildSchema(`
  type Query { people(first: Int, after: String): PersonConnection! }
  type PersonConnection { nodes: [Person!]! pageInfo: PageInfo! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Person { id: ID! name: String tags: [String!]! home: Place visits: [Visit!]! pets: [Pet!]! }
  type Place { city: String }
  type Visit { date: String labs: [Lab!]! }
  type Lab { code: String value: Float }
  type Pet { name: String }
`);
const QUERY = `query($first: Int, $after: String) { people(first: $first, after: $after) {
  nodes { id name tags home { city } visits { date labs { code value } } pets { name } }
  pageInfo { hasNextPage endCursor } } }`;
const plan = (explode?: string, path?: string) =>
  planExport(shapeOfOperation(schema, parse(QUERY)), path, explode);

describe('export columns and rows', () => {
  const person = {
    id: 'p1',
    name: 'Ada, "the first"',
    tags: ['a', 'b'],
    home: { city: 'London' },
    visits: [
      {
        date: 'd1',
        labs: [
          { code: 'x', value: 1 },
          { code: 'y', value: 2 },
        ],
      },
      { date: 'd2', labs: [] },
    ],
    pets: [{ name: 'Rex' }],
  };

  it('finds the first list and its connection, and names nested columns with dots', () => {
    const { listPath, paging, columns } = plan();
    expect(listPath).toEqual(['people', 'nodes']);
    expect(paging).toEqual({ connectionPath: ['people'], afterVariable: 'after' });
    expect(columns.map((column) => `${column.name}:${column.kind}`)).toEqual([
      'id:leaf',
      'name:leaf',
      'tags:leafList',
      'home.city:leaf',
      'visits:json',
      'pets:json',
    ]);
  });

  it('explodes along one list path, one row per innermost element, keeping parents without children', () => {
    const exploded = plan('visits.labs');
    expect(exploded.columns.map((column) => column.name)).toEqual([
      'id',
      'name',
      'tags',
      'home.city',
      'visits.date',
      'visits.labs.code',
      'visits.labs.value',
      'pets',
    ]);
    const lines = [...flattenElement(person, exploded)].map((values) => csv.row(exploded.columns, values));
    expect(lines).toEqual([
      'p1,"Ada, ""the first""",a;b,London,d1,x,1,"[{""name"":""Rex""}]"\r\n',
      'p1,"Ada, ""the first""",a;b,London,d1,y,2,"[{""name"":""Rex""}]"\r\n',
      'p1,"Ada, ""the first""",a;b,London,d2,,,"[{""name"":""Rex""}]"\r\n',
    ]);
  });

  it('quotes CSV fields per RFC 4180 only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('refuses an explode path that is not a list of objects', () => {
    expect(() => plan('tags')).toThrow(/not a list of objects/);
    expect(() => plan('home')).toThrow(/must end at a list of objects/);
  });
});

describe('export stream', () => {
  it('cuts the connection (no clean end) when a later page fails, after streaming the first', async () => {
    let calls = 0;
    const execute: ExecuteOperation = async () => {
      calls += 1;
      if (calls === 1)
        return {
          status: 200,
          body: {
            data: { people: { nodes: [{ id: 'p1' }], pageInfo: { hasNextPage: true, endCursor: 'c1' } } },
          },
        };
      return { status: 200, body: { data: null, errors: [{ message: 'product down' }] } };
    };
    const logger = createLogger('export-test', 'silent');
    const route = createExportRoute({ execute, schema: () => schema, maxBodyBytes: 10_000, logger });
    const server = http.createServer(
      (req: IncomingMessage, res: ServerResponse) => void route.GET!(req, res, { requestId: 'r1', logger }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const query = encodeURIComponent(
        'query($after: String) { people(after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
      );
      const response = await request(`http://127.0.0.1:${port}/export?query=${query}`);
      expect(response.statusCode).toBe(200);
      await expect(response.body.text()).rejects.toThrow();
      expect(calls).toBe(2);
    } finally {
      server.close();
    }
  });
});

describe('StreamWriter', () => {
  /** A response whose socket buffer is always full: every write asks the writer to wait for 'drain'. */
  const congested = () =>
    Object.assign(
      new EventEmitter(),
      { destroyed: false, chunks: [] as string[] },
      {
        write(this: { chunks: string[] }, chunk: string) {
          this.chunks.push(chunk);
          return false;
        },
      },
    );

  it('batches small writes and waits for drain when the socket is full', async () => {
    const res = congested();
    const writer = new StreamWriter(res as unknown as ServerResponse, 10);
    expect(writer.write('12345')).toBeUndefined();
    const waiting = writer.write('67890');
    expect(waiting).toBeInstanceOf(Promise);
    let drained = false;
    void waiting!.then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    res.emit('drain');
    await waiting;
    expect(res.chunks).toEqual(['1234567890']);
  });

  it('stops with ClientGoneError when the client leaves while it waits', async () => {
    const res = congested();
    const writer = new StreamWriter(res as unknown as ServerResponse, 1);
    const waiting = writer.write('x');
    res.emit('close');
    await expect(waiting).rejects.toBeInstanceOf(ClientGoneError);
  });
});
