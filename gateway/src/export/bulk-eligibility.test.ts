import { Supergraph } from '@apollo/federation-internals';
import { GraphQLError, parse, type ValidationRule } from 'graphql';
import { clinical } from '@mesh/clinical';
import { genomics } from '@mesh/genomics';
import { ANONYMOUS, printProductSdl, supergraphAccessPolicy, type Caller } from '@mesh/product-kit';
import { demoCaller } from '@mesh/testing';
import { composeSupergraph } from '../compose';
import { decideBulk, type BulkDecision } from './bulk-eligibility';
import { supergraphRouting } from './bulk-routing';
import type { ExportFormatName } from './formats';
import { planExport, shapeOfOperation } from './plan';

// The real products' SDLs, composed as the gateway composes them.
const supergraphSdl = composeSupergraph([
  { name: 'clinical', url: 'http://clinical.test:4101/graphql', sdl: printProductSdl(clinical.definition) },
  { name: 'genomics', url: 'http://genomics.test:4102/graphql', sdl: printProductSdl(genomics.definition) },
]);
const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
const routing = supergraphRouting(parse(supergraphSdl));
const policy = supergraphAccessPolicy(parse(supergraphSdl), () => 'private');

/** A stand-in for the gateway's own rules (depth, aliases…): refuses any selection of `age`. */
const refuseAge: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === 'age') context.reportError(new GraphQLError('age is refused here'));
  },
});

const PAGED = `query($first: Int, $after: String) {
  patients(first: $first, after: $after) { nodes { id sex birthYear age } pageInfo { hasNextPage endCursor } }
}`;

function decide(
  query: string,
  options: {
    path?: string;
    explode?: string;
    format?: ExportFormatName;
    caller?: Caller;
    variables?: Record<string, unknown>;
    maxCost?: number;
    validationRules?: ValidationRule[];
  } = {},
): BulkDecision {
  const document = parse(query);
  return decideBulk({
    format: options.format ?? 'csv',
    plan: planExport(shapeOfOperation(schema, document), options.path, options.explode),
    schema,
    document,
    variables: options.variables,
    routing,
    policy,
    caller: options.caller ?? demoCaller('ada'),
    maxCost: options.maxCost,
    validationRules: options.validationRules,
  });
}

describe('which exports take the bulk path', () => {
  it('sends plain rows of a root connection to the product that resolves them, following every page', () => {
    expect(decide(PAGED, { variables: { first: 1000 } })).toEqual({
      eligible: true,
      product: 'clinical',
      url: 'http://clinical.test:4101/bulk',
      body: {
        listPath: ['patients', 'nodes'],
        columns: ['id', 'sex', 'birthYear', 'age'].map((name) => ({ name, path: [name] })),
        format: 'csv',
        all: true,
      },
    });
  });

  it('asks for one page when the export does not page, with response keys (aliases) as column names and paths', () => {
    const decision = decide(
      '{ patients(first: 20) { items: nodes { key: id ...F } } } fragment F on Patient { age }',
      {
        format: 'ndjson',
      },
    );
    expect(decision).toMatchObject({
      eligible: true,
      body: { listPath: ['patients', 'items'], format: 'ndjson', all: false },
    });
    expect(decision.eligible && decision.body.columns).toEqual([
      { name: 'key', path: ['key'] },
      { name: 'age', path: ['age'] },
    ]);
  });

  it('takes a plain root list and a root list of another product alike (the product decides if it streams it)', () => {
    expect(decide('{ labTests { code unit } }')).toMatchObject({ eligible: true, product: 'clinical' });
    expect(decide('{ samples(first: 5) { nodes { id type } } }')).toMatchObject({
      eligible: true,
      product: 'genomics',
    });
  });

  it.each([
    ['Arrow', PAGED, { format: 'arrow' as const }, /format arrow/],
    [
      'an exploded list',
      '{ patients { nodes { id diagnoses { code } } } }',
      { explode: 'diagnoses' },
      /explode/,
    ],
    ['a list of objects as JSON', '{ patients { nodes { id diagnoses { code } } } }', {}, /column diagnoses/],
    ['a nested object column', '{ samples { nodes { id patient { id } } } }', {}, /column patient.id/],
    ['a list below a root field', '{ cohort(criteria: {}) { patients { nodes { id } } } }', {}, /root field/],
    [
      'fields of two products',
      '{ patients { nodes { id } } genes { nodes { symbol } } }',
      { path: 'patients.nodes' },
      /single product/,
    ],
    [
      'a genomics field on a clinical patient',
      '{ patients { nodes { id samples { id } } } }',
      {},
      /column samples/,
    ],
    [
      '@include',
      'query($x: Boolean!) { patients { nodes { id @include(if: $x) } } }',
      { variables: { x: true } },
      /directive/,
    ],
    [
      'introspection',
      '{ patients { nodes { id } } __schema { queryType { name } } }',
      { path: 'patients.nodes' },
      /__schema/,
    ],
    ['an invalid query', '{ patients { nodes { id nope } } }', {}, /validate/],
    ['variables that do not coerce', PAGED, { variables: { first: 'ten' } }, /variables/],
    ['a query above the cost limit', PAGED, { variables: { first: 1000 }, maxCost: 100 }, /cost/],
    ['a query a gateway validation rule refuses', PAGED, { validationRules: [refuseAge] }, /validate/],
  ])('keeps %s on the GraphQL path', (_name, query, options, reason) => {
    const decision = decide(query, options as Parameters<typeof decide>[1]);
    if (decision.eligible) throw new Error(`expected the GraphQL path, got ${JSON.stringify(decision)}`);
    expect(decision.reason).toMatch(reason);
  });

  it('keeps an export on the GraphQL path when the gateway would refuse any selected field', () => {
    expect(decide(PAGED, { caller: demoCaller('alice') })).toMatchObject({
      eligible: false,
      reason: /may not read/,
    });
    expect(decide(PAGED, { caller: ANONYMOUS })).toMatchObject({ eligible: false, reason: /may not read/ });
    expect(decide(PAGED, { caller: demoCaller('carol') })).toMatchObject({ eligible: true });
    expect(decide(PAGED.replace(' birthYear', ''), { caller: demoCaller('alice') })).toMatchObject({
      eligible: true,
    });
  });
});

describe('supergraph routing', () => {
  it('knows which product resolves a field and where it is', () => {
    expect([...routing.graphsOf('Patient', 'sex')]).toEqual(['CLINICAL']);
    expect([...routing.graphsOf('Patient', 'samples')]).toEqual(['GENOMICS']);
    expect([...routing.graphsOf('Patient', 'id')].sort()).toEqual(['CLINICAL', 'GENOMICS']);
    expect([...routing.graphsOf('PageInfo', 'endCursor')].sort()).toEqual(['CLINICAL', 'GENOMICS']);
    expect(routing.endpoint('GENOMICS')).toEqual({
      name: 'genomics',
      url: 'http://genomics.test:4102/graphql',
    });
  });
});
