import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { variableErrors } from './variable-errors';

const schema = buildSchema('type Query { patients(first: Int!): [String!]! }');
const operation = parse('query Q($first: Int!) { patients(first: $first) }')
  .definitions[0] as OperationDefinitionNode;
const definitions = operation.variableDefinitions!;

describe('variableErrors', () => {
  it('reports variables of the wrong type, and none for valid ones or operations without variables', () => {
    expect(variableErrors(schema, definitions, { variables: { first: 'many' } })?.[0]?.message).toMatch(
      /Variable "\$first" got invalid value "many"; Int cannot represent non-integer value/,
    );
    expect(variableErrors(schema, definitions, { variables: { first: 5 } })).toBeUndefined();
    expect(variableErrors(schema, [], { variables: { first: 'many' } })).toBeUndefined();
  });

  it('checks a request once, whichever layer asks first', () => {
    const request: { variables: Record<string, unknown> } = { variables: { first: 'many' } };
    const first = variableErrors(schema, definitions, request);
    request.variables = { first: 1 }; // a second check would find no error: the first one's answer stands
    expect(variableErrors(schema, definitions, request)).toBe(first);
    // Another request (or other definitions) is checked afresh.
    expect(variableErrors(schema, definitions, { variables: { first: 1 } })).toBeUndefined();
  });
});
