import { buildSchema, parse } from 'graphql';
import { ANONYMOUS, productAccessPolicy, type Caller } from '../auth';
import type { ProductContext } from '../server';
import { csv, ndjson } from './encoders';
import { BulkRefusal, planBulk, type BulkRequestBody } from './plan';
import { defineRowStream } from './row-stream';

const sdl = `
  type Query {
    people(first: Int = 10, after: String, minAge: Int): PersonConnection!
    tags: [Person!]!
    count: Int!
  }
  type PersonConnection { nodes: [Person!]! pageInfo: PageInfo! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  enum Kind { CHILD ADULT }
  type Person {
    id: ID!
    age: Int!
    kind: Kind!
    nicknames: [String!]!
    secret: String @requiresScopes(scopes: [["people:secret"]])
    friends: [Person!]!
    greeting(polite: Boolean): String
    unstreamed: String
  }
`;
const schema = buildSchema(sdl.replace(' @requiresScopes(scopes: [["people:secret"]])', ''));
const policy = productAccessPolicy(
  parse(`directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION\n${sdl}`),
  {
    product: 'people',
    visibility: 'private',
  },
);

interface Row {
  id: number;
  age: number | null;
  nicknames: string[];
}
const people = defineRowStream<null, Row>({
  rows: () => [],
  fields: {
    id: (row) => row.id,
    age: (row) => row.age,
    kind: (row) => (row.age! < 18 ? 'CHILD' : 'ADULT'),
    nicknames: (row) => row.nicknames,
    secret: () => 'hush',
    greeting: () => 'hello',
  },
});
const reader: Caller = { kind: 'user', subject: 'r', name: 'Reader', roles: [], scopes: ['people:read'] };

function plan(query: string, extra: Partial<BulkRequestBody> = {}, caller: Caller = reader) {
  const body: BulkRequestBody = {
    query,
    listPath: ['people', 'nodes'],
    columns: [{ name: 'id', path: ['id'] }],
    format: 'csv',
    all: true,
    ...extra,
  };
  return planBulk(schema, { people }, policy, body, caller);
}

function refusal(run: () => unknown): { status: number; code: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof BulkRefusal)
      return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('planBulk', () => {
  it('resolves columns by response key and serializes values as GraphQL does (ID, enum, lists)', () => {
    const planned = plan(
      'query($min: Int) { people(first: 5, minAge: $min) { nodes { key: id kind __typename ...N } } } fragment N on Person { nicknames }',
      {
        variables: { min: 30 },
        all: false,
        columns: ['key', 'kind', '__typename', 'nicknames'].map((name) => ({ name, path: [name] })),
      },
    );
    expect(planned).toMatchObject({ coordinate: 'Query.people', all: false, args: { first: 5, minAge: 30 } });
    const context = {} as ProductContext<null>;
    const row: Row = { id: 7, age: 12, nicknames: ['a', 'b,c'] };
    const values = planned.columns.map((column) => column.value(row, context));
    expect(values).toEqual(['7', 'CHILD', 'Person', ['a', 'b,c']]);
    expect(planned.columns.map((column) => column.kind)).toEqual(['leaf', 'leaf', 'leaf', 'leafList']);
    expect(csv.row(planned.columns, values)).toBe('7,CHILD,Person,"a;b,c"\r\n');
    expect(ndjson.row(planned.columns, values)).toBe(
      '{"key":"7","kind":"CHILD","__typename":"Person","nicknames":["a","b,c"]}\n',
    );
  });

  it('refuses a null in a non-null field as GraphQL would (at the value, mid-stream)', () => {
    const planned = plan('{ people { nodes { age } } }', { columns: [{ name: 'age', path: ['age'] }] });
    expect(() =>
      planned.columns[0]!.value({ id: 1, age: null, nicknames: [] }, {} as ProductContext<null>),
    ).toThrow(/non-nullable field Person.age/);
  });

  it.each([
    ['a list of objects', '{ people { nodes { id friends { id } } } }', /Person.friends is not a scalar/],
    [
      'a field the row stream lacks',
      '{ people { nodes { id unstreamed } } }',
      /Person.unstreamed is not served by the row stream of Query.people/,
    ],
    ['a field with arguments', '{ people { nodes { id greeting(polite: true) } } }', /with arguments/],
    ['a root field without a row stream', '{ tags { id } }', /Query.tags has no row stream/],
  ])('answers %s with 422 BULK_NOT_SUPPORTED, naming the field', (_name, query, message) => {
    const listPath = query.includes('tags') ? ['tags'] : ['people', 'nodes'];
    expect(refusal(() => plan(query, { listPath }))).toMatchObject({
      status: 422,
      code: 'BULK_NOT_SUPPORTED',
      message,
    });
  });

  it('answers a column the query does not select with 422', () => {
    expect(
      refusal(() => plan('{ people { nodes { id } } }', { columns: [{ name: 'x', path: ['age'] }] })),
    ).toMatchObject({
      status: 422,
      message: /Column "x"/,
    });
  });

  it('checks access like a GraphQL request to the product: 401 anonymous, 403 without a scope', () => {
    expect(refusal(() => plan('{ people { nodes { id } } }', {}, ANONYMOUS))).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      message: /Query.people/,
    });
    expect(refusal(() => plan('{ people { nodes { id secret } } }'))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      message: /Person.secret requires scope people:secret/,
    });
    const trusted = { ...reader, scopes: ['people:read', 'people:secret'] };
    expect(plan('{ people { nodes { id secret } } }', {}, trusted).coordinate).toBe('Query.people');
  });

  it.each([
    ['a query that does not parse', '{ people {', 400, 'GRAPHQL_PARSE_FAILED'],
    ['a query that does not validate', '{ people { nodes { nope } } }', 400, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'variables that do not coerce',
      'query($m: Int) { people(minAge: $m) { nodes { id } } }',
      400,
      'BAD_USER_INPUT',
    ],
  ])('answers %s with 400 and its code', (_name, query, status, code) => {
    expect(refusal(() => plan(query, { variables: { m: 'old' } }))).toMatchObject({ status, code });
  });
});
