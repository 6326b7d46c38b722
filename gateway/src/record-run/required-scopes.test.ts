import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import type { AccessPolicy, Caller } from '@mesh/product-kit';
import { alternativesUsed, requiredScopesOf } from './required-scopes';

const schema = buildSchema(`
  type Query { patients: [Patient!]! genes: [Gene!]! historyEntry: HistoryEntry trials: [String!]! }
  type Patient { id: ID! ssn: String samples: [Sample!]! }
  type Sample { expression: Float }
  type Gene { symbol: String! }
  type HistoryEntry { title: String! result: String }
`);
const policy: AccessPolicy = new Map([
  ['Query.patients', { authenticated: true, scopes: [[['clinical:read']]] }],
  ['Patient.ssn', { authenticated: true, scopes: [[['clinical:identifiable']]] }],
  ['Patient.samples', { authenticated: true, scopes: [[['genomics:read']]] }],
  ['Sample.expression', { authenticated: true, scopes: [[['genomics:read'], ['genomics:admin']]] }],
  ['Query.trials', { authenticated: true, scopes: [[['trials:read']]] }],
]);
const analyst: Caller = {
  kind: 'user',
  subject: 'alice',
  name: null,
  roles: ['analyst'],
  scopes: ['clinical:read', 'genomics:read', 'trials:read'],
};

function read(query: string, caller = analyst) {
  const document = parse(query);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === 'OperationDefinition',
  )!;
  return requiredScopesOf(schema, document, operation, policy, caller);
}

describe('the access a recorded operation read', () => {
  it('collects the requirements of every field read, through fragments, each once', () => {
    expect(
      read(
        `query { patients { id ...S } trials } fragment S on Patient { samples { ... on Sample { expression } } }`,
      ),
    ).toEqual({
      requiredScopes: [
        [['clinical:read']],
        // Sample.expression admits genomics:read or genomics:admin; the content was computed under read.
        [['genomics:read']],
        [['trials:read']],
      ],
      storedContent: [],
    });
  });

  it('leaves out fields the caller was refused: they were never read', () => {
    expect(read('{ patients { ssn } }').requiredScopes).toEqual([[['clinical:read']]]);
    const clinician = { ...analyst, scopes: ['clinical:read'] };
    expect(read('{ patients { id samples { expression } } }', clinician).requiredScopes).toEqual([
      [['clinical:read']],
    ]);
  });

  it('names stored workspace content read, so it is not recorded again under another lineage', () => {
    expect(read('{ historyEntry { title result } }').storedContent).toEqual(['HistoryEntry.result']);
    expect(read('{ historyEntry { title } }').storedContent).toEqual([]);
  });

  it('keeps only the alternatives the content was computed under: row-level content never reads back with an aggregate scope', () => {
    const either = [['genomics:read'], ['genomics:aggregate']];
    expect(alternativesUsed(either, new Set(['genomics:read']))).toEqual([['genomics:read']]);
    // An admin holding both was answered at row level: the aggregate tier must not read it back.
    expect(alternativesUsed(either, new Set(['genomics:read', 'genomics:aggregate']))).toEqual([
      ['genomics:read'],
    ]);
    // Aggregate-only content is disclosure-controlled: the aggregate tier and the read scope both read it.
    expect(alternativesUsed(either, new Set(['genomics:aggregate']))).toEqual([
      ['genomics:aggregate'],
      ['genomics:read'],
    ]);
  });
});
