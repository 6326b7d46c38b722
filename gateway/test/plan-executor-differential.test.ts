import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';
import { parse, validate, type GraphQLError, type GraphQLSchema } from 'graphql';
import { createPlanExecutor } from '../src/executor/plan-executor';
import {
  fixtureRequestContext,
  fixtureSubgraphs,
  fixtureSupergraph,
  type FixtureRequest,
  type Row,
  type ServiceName,
} from './support/federated-fixture';

/**
 * Differential test of the gateway's plan executor: every query × every kind of faulty product answer runs
 * through Apollo Gateway's executor and through ours on the same supergraph, plans and products, and the
 * two answers (data, errors with their paths and codes, value-completion extensions) must be identical.
 */

const subgraphs = fixtureSubgraphs();
/** Rewrites (or replaces) one product's answer: the faults both executors must treat alike. */
type Fault = (
  service: ServiceName,
  query: string,
  response: GatewayGraphQLResponse,
) => GatewayGraphQLResponse;

const entitiesOf = (response: GatewayGraphQLResponse) =>
  ((response.data as Row | undefined)?._entities ?? []) as (Row | null)[];

const FAULTS: Record<string, Fault> = {
  none: (_service, _query, response) => response,
  'non-null field answered null': (service, _query, response) => {
    if (service === 'reviews')
      for (const entity of entitiesOf(response)) if (entity && 'score' in entity) entity.score = null;
    if (service === 'products')
      for (const entity of entitiesOf(response)) if (entity && 'price' in entity) entity.price = null;
    return response;
  },
  'leaf values of the wrong type': (service, _query, response) => {
    const data = response.data as Row | undefined;
    if (service === 'people') {
      for (const person of (data?.people ?? []) as Row[]) {
        if ('age' in person) person.age = 'old';
        if ('status' in person) person.status = 'UNKNOWN';
        if ('tags' in person && Array.isArray(person.tags)) person.tags = [...person.tags, 7];
      }
    }
    if (service === 'reviews') {
      for (const entity of entitiesOf(response)) {
        for (const review of (entity?.reviews ?? []) as Row[]) if ('stars' in review) review.stars = 4.5;
      }
    }
    return response;
  },
  'errors with _entities paths': (service, _query, response) => {
    if (service !== 'reviews' || entitiesOf(response).length < 2) return response;
    const entities = entitiesOf(response);
    if (entities[1] && 'reviews' in entities[1]) entities[1].reviews = null;
    return {
      ...response,
      errors: [
        {
          message: 'reviews are down',
          path: ['_entities', 1, 'reviews'],
          extensions: { code: 'REVIEWS_DOWN' },
        },
        { message: '', path: ['_entities', 0] },
        { message: 'no path at all', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      ],
    };
  },
  'unknown __typename': (service, _query, response) => {
    const data = response.data as Row | undefined;
    if (service === 'people') {
      for (const result of (data?.search ?? []) as Row[])
        if (result.__typename === 'Org') result.__typename = 'Ghost';
      if (data?.node && typeof data.node === 'object') (data.node as Row).__typename = 'Node';
    }
    return response;
  },
  'a product fails': (service, _query, response) => {
    if (service === 'products') throw new Error('connect ECONNREFUSED 127.0.0.1:1');
    return response;
  },
  'too few entities': (service, _query, response) => {
    if (service === 'products' && entitiesOf(response).length > 0) entitiesOf(response).pop();
    return response;
  },
  'root answered null with an error': (service, _query, response) =>
    service === 'people'
      ? {
          data: null,
          errors: [
            { message: 'people store offline', path: ['people'], extensions: { code: 'UNAVAILABLE' } },
          ],
        }
      : response,
};

const QUERIES: Record<string, FixtureRequest> = {
  'nested across three products': {
    query: `{ people { id name age tags status reviews { stars body product { name price } } } }`,
  },
  'aliases, named fragments and variables': {
    query: `query Q($min: Int) {
      a: people(first: 2) { ...P }
      b: people { id score }
    }
    fragment P on Person { who: name reviews(min: $min) { s: stars author { name } } }`,
    variables: { min: 3 },
  },
  'interfaces and unions': {
    query: `{
      node(id: "p1") { __typename id ... on Person { name score } ... on Org { title } }
      o: node(id: "o1") { id ... on Org { title } }
      search(text: "a") { __typename ... on Person { id name ageGroup } ... on Org { title } ... on Node { id } }
    }`,
  },
  '@skip and @include with variables and defaults': {
    query: `query S($withReviews: Boolean = true, $skipAge: Boolean!) {
      people { id age @skip(if: $skipAge) reviews @include(if: $withReviews) { stars } }
      me @include(if: $withReviews) { name }
    }`,
    variables: { skipAge: true },
  },
  '@skip and @include, the other way': {
    query: `query S($withReviews: Boolean = true, $skipAge: Boolean!) {
      people { id age @skip(if: $skipAge) reviews @include(if: $withReviews) { stars } }
      me @include(if: $withReviews) { name }
    }`,
    variables: { skipAge: false, withReviews: false },
  },
  '__typename everywhere': {
    query: `{ __typename people { __typename t: __typename id reviews { __typename product { __typename upc } } } }`,
  },
  '@requires': { query: `{ people { id ageGroup } me { ageGroup nickname } }` },
  'same field selected several times': {
    query: `{
      people { id reviews { stars } reviews { body product { upc } } ... on Person { reviews { product { name } } } }
      me { name } me { score }
    }`,
  },
  'aliases that are Object.prototype names': {
    query: `{
      me { __proto__: name constructor: age toString: nickname }
      people { hasOwnProperty: id }
      other: me { name constructor: score __proto__: ageGroup valueOf: reviews { stars } }
    }`,
  },
  'one of several operations': {
    query: `query A { me { name } } query B { topProducts { upc name price } me { score } }`,
    operationName: 'B',
  },
};

function requestContextOf(schema: GraphQLSchema, request: FixtureRequest): GatewayGraphQLRequestContext {
  expect(validate(schema, parse(request.query))).toEqual([]);
  return fixtureRequestContext(schema, request);
}

function comparable(result: Awaited<ReturnType<GatewayExecutor>>) {
  const format = (error: GraphQLError) => ({
    message: error.message,
    path: error.path,
    extensions: error.extensions,
  });
  const { data, errors, extensions } = result as {
    data?: unknown;
    errors?: GraphQLError[];
    extensions?: Row;
  };
  return JSON.stringify({
    data,
    errors: errors?.map(format),
    extensions: extensions && {
      ...extensions,
      valueCompletion: (extensions.valueCompletion as GraphQLError[] | undefined)?.map(format),
    },
  });
}

describe('plan executor: same answers as Apollo Gateway', () => {
  let apollo: GatewayExecutor;
  let mesh: GatewayExecutor;
  let schema: GraphQLSchema;
  let fault: Fault = FAULTS.none!;
  /** A product answering in process, through the current fault. */
  const buildService = ({ name }: { name: string }) => {
    const local = new LocalGraphQLDataSource(subgraphs[name as ServiceName]);
    return {
      async process(options: Parameters<LocalGraphQLDataSource['process']>[0]) {
        const response = await local.process(options);
        return fault(name as ServiceName, options.request.query ?? '', structuredClone(response));
      },
    };
  };
  const ours = createPlanExecutor({ buildService });
  let gateway: ApolloGateway;

  beforeAll(async () => {
    const supergraphSdl = fixtureSupergraph(subgraphs);
    gateway = new ApolloGateway({ supergraphSdl, buildService });
    gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) =>
      ours.load(coreSupergraphSdl, apiSchema),
    );
    const loaded = await gateway.load();
    apollo = loaded.executor!;
    schema = loaded.schema;
    mesh = ours.wrap(apollo);
  });
  afterAll(() => gateway.stop());

  const cases = Object.keys(QUERIES).flatMap((query) =>
    Object.keys(FAULTS).map((name) => [query, name] as const),
  );
  it.each(cases)('%s, fault: %s', async (queryName, faultName) => {
    fault = FAULTS[faultName]!;
    const request = QUERIES[queryName]!;
    const before = { ...ours.stats };
    const expected = comparable(await apollo(requestContextOf(schema, request)));
    const actual = comparable(await mesh(requestContextOf(schema, request)));
    expect(actual).toBe(expected);
    // Ours answered it (it did not hand it to Apollo's executor).
    expect(ours.stats.executed).toBe(before.executed + 1);
    expect(ours.stats.delegated).toBe(before.delegated);
  });

  it('shows the faults do reach the answers (the comparison is not of empty results)', async () => {
    fault = FAULTS['non-null field answered null']!;
    const result = (await mesh(
      requestContextOf(schema, QUERIES['aliases, named fragments and variables']!),
    )) as {
      data: unknown;
      extensions?: { valueCompletion: GraphQLError[] };
    };
    expect(result.data).toBeNull();
    expect(result.extensions?.valueCompletion[0]?.message).toBe(
      'Cannot return null for non-nullable field Person.score.',
    );
    fault = FAULTS.none!;
    const ok = (await mesh(requestContextOf(schema, QUERIES['nested across three products']!))) as {
      data: Row;
    };
    expect((ok.data.people as Row[])[0]).toMatchObject({
      id: 'p1',
      reviews: [
        { stars: 5, product: { name: 'Microscope', price: 100 } },
        { stars: 3, product: { name: 'Pipette' } },
      ],
    });
  });

  it("hands introspection to Apollo's executor, and answers it alike", async () => {
    fault = FAULTS.none!;
    const introspection = { query: '{ __schema { queryType { name } } me { name } }' };
    const before = ours.stats.delegated;
    expect(comparable(await mesh(requestContextOf(schema, introspection)))).toBe(
      comparable(await apollo(requestContextOf(schema, introspection))),
    );
    expect(ours.stats.delegated).toBe(before + 1);
  });
});
