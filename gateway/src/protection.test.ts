import {
  buildSchema,
  parse,
  specifiedRules,
  validate,
  Kind,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { maxDepthRule, operationCost } from './protection';

const schema = buildSchema(`
  type Query { patients(first: Int = 50): PatientConnection! patient(id: ID!): Patient }
  type PatientConnection { nodes: [Patient!]! }
  type Patient { id: ID! labs(first: Int = 100): [Lab!]! friend: Patient }
  type Lab { value: Float }
`);

function costOf(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION,
  ) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return operationCost(schema, operation.selectionSet, schema.getQueryType()!, fragments, variables);
}

describe('operationCost', () => {
  it('multiplies by page sizes from literals, variables and argument defaults', () => {
    expect(costOf('{ patients(first: 10) { nodes { id } } }')).toBe(1 + 10 + 10);
    expect(costOf('query($n: Int) { patients(first: $n) { nodes { id } } }', { n: 2 })).toBe(1 + 2 + 2);
    // defaults: patients 50, labs 100
    expect(costOf('{ patients { nodes { labs { value } } } }')).toBe(1 + 50 + 50 + 50 * 100);
    expect(costOf('{ ...F } fragment F on Query { patient(id: "1") { id } }')).toBe(2);
  });
});

describe('maxDepthRule', () => {
  it('follows fragments once each, so a fan-out of fragments costs linear time', () => {
    // Each fragment spreads the next twice: 2^40 paths if walked naively.
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 39
        ? `fragment F${i} on Patient { id }`
        : `fragment F${i} on Patient { friend { ...F${i + 1} } ...F${i + 1} }`,
    ).join('\n');
    const document = parse(`{ patient(id: "1") { ...F0 } } ${fragments}`);
    const errors = validate(schema, document, [...specifiedRules, maxDepthRule(15)]);
    expect(errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_DEEP']);
    expect(errors[0]!.message).toMatch(/is 41 levels deep; the gateway allows 15/);
  });
});
