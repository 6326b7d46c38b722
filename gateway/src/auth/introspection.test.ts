import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { ANONYMOUS, noIntrospectionRule, type AccessPolicy, type Caller } from '@mesh/product-kit';
import { planAuthorization, type IntrospectionPolicy } from './authorize';

const schema = buildSchema(`
  type Query { patients: [Patient!]! me: Query }
  type Patient { id: ID! }
`);
const policy: AccessPolicy = new Map();

/** Every shape in which an operation can reach `__schema` / `__type`. */
const VARIANTS: Array<[string, string]> = [
  ['at the root', '{ __schema { types { name } } }'],
  ['__type at the root', '{ __type(name: "Patient") { fields { name } } }'],
  ['in an inline fragment', '{ ... on Query { __schema { types { name } } } }'],
  ['in an inline fragment without a type', '{ ... { __schema { types { name } } } }'],
  ['in a named fragment', '{ ...Schema } fragment Schema on Query { __schema { types { name } } }'],
  [
    'in a fragment spread by a fragment',
    '{ ...Outer } fragment Outer on Query { ...Inner } fragment Inner on Query { __type(name: "Patient") { name } }',
  ],
  ['under a field returning Query', '{ me { ... on Query { __schema { queryType { name } } } } }'],
  ['beside ordinary fields', '{ patients { id } ...S } fragment S on Query { __schema { types { name } } }'],
];

const alice: Caller = { kind: 'user', subject: 'alice', name: null, roles: ['analyst'], scopes: [] };
const carol: Caller = { kind: 'user', subject: 'carol', name: null, roles: ['clinician'], scopes: [] };

function refusal(query: string, introspection: IntrospectionPolicy, caller: Caller) {
  return planAuthorization(schema, parse(query), undefined, 'hash', policy, caller, introspection)?.refusal;
}

describe.each(VARIANTS)('introspection %s', (_where, query) => {
  it('is valid GraphQL (the variant reaches the executor)', () => {
    expect(validate(schema, parse(query), specifiedRules)).toEqual([]);
  });

  it('INTROSPECTION=false: refused by validation for everyone', () => {
    const errors = validate(schema, parse(query), [noIntrospectionRule]);
    expect(errors[0]?.extensions.code).toBe('INTROSPECTION_DISABLED');
  });

  it('policy none: refused even to a signed-in caller', () => {
    expect(refusal(query, 'none', alice)?.code).toBe('FORBIDDEN');
  });

  it('policy authenticated: refused to anonymous, allowed when signed in', () => {
    expect(refusal(query, 'authenticated', ANONYMOUS)?.code).toBe('UNAUTHENTICATED');
    expect(refusal(query, 'authenticated', alice)).toBeUndefined();
  });

  it('policy roles:analyst: refused to anonymous and other roles, allowed to the role', () => {
    expect(refusal(query, { roles: ['analyst'] }, ANONYMOUS)?.code).toBe('UNAUTHENTICATED');
    expect(refusal(query, { roles: ['analyst'] }, carol)?.code).toBe('FORBIDDEN');
    expect(refusal(query, { roles: ['analyst'] }, alice)).toBeUndefined();
  });
});

it('__typename alone is not introspection', () => {
  expect(refusal('{ __typename ... on Query { __typename } }', 'none', ANONYMOUS)).toBeUndefined();
});

it('a fragment cycle (invalid GraphQL) does not loop', () => {
  const query = '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }';
  expect(refusal(query, 'none', ANONYMOUS)).toBeUndefined();
});
