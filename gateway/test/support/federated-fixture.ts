import { createHash } from 'node:crypto';
import { LocalGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { getOperationAST, parse, print, type GraphQLSchema } from 'graphql';
import { composeSupergraph } from '../../src/compose';

/**
 * Three small federated subgraphs answering in process (people, reviews, products: an interface, a union,
 * an enum, entities across all three, `@requires`), for the plan executor's differential test and its
 * benchmark. The default data is small and hand-made; `generatedData` scales it.
 */

const FEDERATION = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",
  import: ["@key", "@external", "@requires", "@shareable"])`;

export const SMALL_DATA = {
  people: [
    { id: 'p1', name: 'Ada', age: 36, nickname: null, tags: ['math', 'engines'], status: 'ACTIVE' },
    { id: 'p2', name: 'Bob', age: null, nickname: 'B', tags: null, status: 'RETIRED' },
    { id: 'p3', name: 'Cy', age: 71, nickname: null, tags: [], status: 'ACTIVE' },
  ],
  orgs: [{ id: 'o1', title: 'Lab' }],
  reviews: [
    { id: 'r1', author: 'p1', stars: 5, body: 'great', product: 'u1' },
    { id: 'r2', author: 'p1', stars: 3, body: 'fine', product: 'u2' },
    { id: 'r3', author: 'p2', stars: 1, body: null, product: null },
  ],
  products: [
    { upc: 'u1', name: 'Microscope', price: 100 },
    { upc: 'u2', name: 'Pipette', price: 5 },
  ],
};

export type FixtureData = typeof SMALL_DATA;
export type Row = Record<string, unknown>;
const byId = <T extends Row>(rows: T[], key: string, value: unknown) =>
  rows.find((row) => row[key] === value);

export function fixtureSubgraphs(data: FixtureData = SMALL_DATA) {
  const { people: PEOPLE, orgs: ORGS, reviews: REVIEWS, products: PRODUCTS } = data;
  return {
    people: buildSubgraphSchema({
      typeDefs: parse(`${FEDERATION}
      type Query {
        people(first: Int): [Person!]!
        me: Person
        node(id: ID!): Node
        search(text: String!): [SearchResult!]!
      }
      interface Node { id: ID! }
      enum Status { ACTIVE RETIRED }
      type Person implements Node @key(fields: "id") {
        id: ID!
        name: String!
        age: Int
        nickname: String
        tags: [String!]
        status: Status
      }
      type Org implements Node @key(fields: "id") { id: ID! title: String! }
      union SearchResult = Person | Org`),
      resolvers: {
        Query: {
          people: (_: unknown, { first }: { first?: number }) => PEOPLE.slice(0, first ?? PEOPLE.length),
          me: () => PEOPLE[0],
          node: (_: unknown, { id }: { id: string }) =>
            byId(PEOPLE, 'id', id) ?? byId(ORGS, 'id', id) ?? null,
          search: () => [PEOPLE[0], ORGS[0], PEOPLE[2]],
        },
        Node: { __resolveType: (value: Row) => ('title' in value ? 'Org' : 'Person') },
        SearchResult: { __resolveType: (value: Row) => ('title' in value ? 'Org' : 'Person') },
        Person: { __resolveReference: (ref: Row) => byId(PEOPLE, 'id', ref.id) },
        Org: { __resolveReference: (ref: Row) => byId(ORGS, 'id', ref.id) },
      } as never,
    }),
    reviews: buildSubgraphSchema({
      typeDefs: parse(`${FEDERATION}
      type Person @key(fields: "id") {
        id: ID!
        age: Int @external
        reviews(min: Int): [Review!]!
        score: Float!
        ageGroup: String @requires(fields: "age")
      }
      type Review @key(fields: "id") { id: ID! stars: Int! body: String author: Person! product: Product }
      type Product @key(fields: "upc") { upc: String! }`),
      resolvers: {
        Person: {
          __resolveReference: (ref: Row) => ref,
          reviews: (person: Row, { min }: { min?: number }) =>
            REVIEWS.filter((review) => review.author === person.id && review.stars >= (min ?? 0)),
          score: (person: Row) => REVIEWS.filter((review) => review.author === person.id).length / 2,
          ageGroup: (person: Row) =>
            person.age == null ? null : (person.age as number) >= 65 ? 'senior' : 'adult',
        },
        Review: {
          __resolveReference: (ref: Row) => byId(REVIEWS, 'id', ref.id),
          author: (review: Row) => ({ id: review.author }),
          product: (review: Row) => (review.product ? { upc: review.product } : null),
        },
      } as never,
    }),
    products: buildSubgraphSchema({
      typeDefs: parse(`${FEDERATION}
      type Query { topProducts: [Product!]! }
      type Product @key(fields: "upc") { upc: String! name: String price: Int! }`),
      resolvers: {
        Query: { topProducts: () => PRODUCTS },
        Product: { __resolveReference: (ref: Row) => byId(PRODUCTS, 'upc', ref.upc) },
      } as never,
    }),
  } satisfies Record<string, GraphQLSchema>;
}

export type ServiceName = keyof ReturnType<typeof fixtureSubgraphs>;

/** A data set of `people` people, each with `reviewsPerPerson` reviews of one of `products` products. */
export function generatedData(people: number, reviewsPerPerson: number, products: number): FixtureData {
  const statuses = ['ACTIVE', 'RETIRED'];
  return {
    people: Array.from({ length: people }, (_, i) => ({
      id: `p${i + 1}`,
      name: `Person ${i + 1}`,
      age: i % 7 === 0 ? null : 20 + (i % 60),
      nickname: i % 3 === 0 ? `N${i}` : null,
      tags: i % 5 === 0 ? null : ['a', 'b'].slice(0, i % 3),
      status: statuses[i % 2]!,
    })) as FixtureData['people'],
    orgs: [{ id: 'o1', title: 'Lab' }],
    reviews: Array.from({ length: people * reviewsPerPerson }, (_, i) => ({
      id: `r${i + 1}`,
      author: `p${Math.floor(i / reviewsPerPerson) + 1}`,
      stars: 1 + (i % 5),
      body: i % 4 === 0 ? null : `Review ${i + 1} of a product.`,
      product: i % 9 === 0 ? null : `u${(i % products) + 1}`,
    })) as FixtureData['reviews'],
    products: Array.from({ length: products }, (_, i) => ({
      upc: `u${i + 1}`,
      name: `Product ${i + 1}`,
      price: 10 * (i + 1),
    })),
  };
}

/** The supergraph of the fixture's subgraphs. */
export function fixtureSupergraph(subgraphs: Record<string, GraphQLSchema>): string {
  return composeSupergraph(
    Object.entries(subgraphs).map(([name, subgraph]) => ({
      name,
      url: `http://${name}.invalid/graphql`,
      sdl: print(new LocalGraphQLDataSource(subgraph).sdl()),
    })),
  );
}

export interface FixtureRequest {
  query: string;
  variables?: Row;
  operationName?: string;
}

/** The request context Apollo Server hands a gateway's executor, for one request. */
export function fixtureRequestContext(
  schema: GraphQLSchema,
  { query, variables, operationName }: FixtureRequest,
): GatewayGraphQLRequestContext {
  const document = parse(query);
  return {
    request: { query, variables: variables ? structuredClone(variables) : undefined, operationName },
    document,
    source: query,
    queryHash: createHash('sha256').update(query).digest('hex'),
    schema,
    operation: getOperationAST(document, operationName)!,
    operationName: operationName ?? null,
    context: {},
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    metrics: {},
    overallCachePolicy: {},
    cache: undefined,
  } as unknown as GatewayGraphQLRequestContext;
}
