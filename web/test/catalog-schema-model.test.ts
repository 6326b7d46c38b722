import { parse } from 'graphql';
import { describeSchema, memberSummary } from '../components/catalog/schema-model';

// Shaped like a product's published subgraph SDL: federation links, directives and internal types included.
const SDL = /* GraphQL */ `
  schema @link(url: "https://specs.apollo.dev/link/v1.0") {
    query: Query
  }
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@requiresScopes"])
  directive @key(fields: federation__FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
  directive @requiresScopes(scopes: [[federation__Scope!]!]!) on FIELD_DEFINITION | OBJECT

  "A patient."
  type Patient @key(fields: "id") {
    "Persistent id."
    id: ID!
    "Year of birth."
    birthYear: Int @requiresScopes(scopes: [["clinical:identifiable"]])
    oldField: String @deprecated(reason: "Use age.")
    hidden: String @federation__inaccessible
  }

  "Entry points."
  type Query {
    "Patients matching a filter."
    patients("Criteria." filter: PatientFilter, first: Int = 50): [Patient!]!
    _entities(representations: [_Any!]!): [_Entity]!
    _service: _Service!
  }

  extend type Query {
    clinicalProduct: DataProduct!
  }

  input PatientFilter {
    minAge: Int
  }

  enum Sex {
    "Female."
    FEMALE
    MALE
  }

  enum link__Purpose {
    SECURITY
    EXECUTION
  }
  scalar link__Import
  scalar federation__FieldSet
  scalar _Any
  type _Service {
    sdl: String
  }
  union _Entity = Patient
  union SearchResult = Patient
`;

describe('describeSchema', () => {
  const types = describeSchema(SDL);
  const byName = new Map(types.map((type) => [type.name, type]));

  it('puts Query first, keeps source order and hides federation internals', () => {
    expect(types.map((type) => type.name)).toEqual([
      'Query',
      'Patient',
      'PatientFilter',
      'Sex',
      'SearchResult',
    ]);
  });

  it('merges extensions and hides underscore fields', () => {
    expect(byName.get('Query')?.fields.map((field) => field.name)).toEqual(['patients', 'clinicalProduct']);
    expect(byName.get('Query')?.description).toBe('Entry points.');
  });

  it('describes fields with arguments, types, defaults and descriptions', () => {
    const patients = byName.get('Query')?.fields[0];
    expect(patients).toMatchObject({
      name: 'patients',
      description: 'Patients matching a filter.',
      type: { text: '[Patient!]!', named: 'Patient' },
      args: [
        { name: 'filter', description: 'Criteria.', type: { text: 'PatientFilter', named: 'PatientFilter' } },
        { name: 'first', defaultValue: '50', type: { text: 'Int', named: 'Int' } },
      ],
    });
  });

  it('reads keys, scopes, deprecation and inaccessible fields', () => {
    const patient = byName.get('Patient');
    expect(patient?.keys).toEqual(['id']);
    expect(patient?.fields.map((field) => field.name)).toEqual(['id', 'birthYear', 'oldField']);
    expect(patient?.fields[1]?.requiredScopes).toEqual([['clinical:identifiable']]);
    expect(patient?.fields[2]?.deprecation).toBe('Use age.');
  });

  it('lists enum values and union members', () => {
    expect(byName.get('Sex')?.values).toEqual([
      { name: 'FEMALE', description: 'Female.', deprecation: null },
      { name: 'MALE', description: null, deprecation: null },
    ]);
    expect(byName.get('SearchResult')?.members).toEqual(['Patient']);
    expect(memberSummary(byName.get('Sex')!)).toBe('2 values');
    expect(memberSummary(byName.get('Patient')!)).toBe('3 fields');
  });

  it('throws a GraphQL syntax error for SDL that does not parse', () => {
    expect(() => describeSchema('type {')).toThrow(/Syntax Error/);
    expect(() => parse(SDL)).not.toThrow();
  });
});
