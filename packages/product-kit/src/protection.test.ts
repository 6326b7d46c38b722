import {
  buildSchema,
  getIntrospectionQuery,
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  Kind,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import {
  costLimitPlugin,
  DEFAULT_LIMITS,
  formatLimitError,
  maxAliasesRule,
  maxDepthRule,
  maxDirectivesPerFieldRule,
  operationCost,
} from './protection';

const schema = buildSchema(`
  directive @tag(name: String) repeatable on FIELD
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

/** Validation errors (graphql-js's own rules and `rule`), as code and message. */
function check(query: string, rule: ValidationRule) {
  return validate(schema, parse(query), [...specifiedRules, rule]).map((e) => ({
    code: e.extensions.code,
    message: e.message,
  }));
}

/** `{ patient { friend { friend … { id } } } }`: `depth` fields deep, counting the leaf. */
const deep = (depth: number) =>
  `query Deep { patient(id: "1") { ${'friend { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} } }`;

describe('operationCost', () => {
  it('multiplies by page sizes from literals, variables and argument defaults', () => {
    expect(costOf('{ patients(first: 10) { nodes { id } } }')).toBe(1 + 10 + 10);
    expect(costOf('query($n: Int) { patients(first: $n) { nodes { id } } }', { n: 2 })).toBe(1 + 2 + 2);
    // defaults: patients 50, labs 100
    expect(costOf('{ patients { nodes { labs { value } } } }')).toBe(1 + 50 + 50 + 50 * 100);
    expect(costOf('{ ...F } fragment F on Query { patient(id: "1") { id } }')).toBe(2);
  });

  it('scales a fragment by the page sizes above each of its spreads', () => {
    expect(
      costOf(
        '{ patient(id: "1") { ...L } patients(first: 10) { nodes { ...L } } } fragment L on Patient { labs(first: 3) { value } }',
      ),
    ).toBe(1 + (1 + 3) + 1 + 10 + 10 * (1 + 3));
  });

  it('costs a fan-out of fragments in linear time', () => {
    // Each fragment spreads the next twice: 2^39 paths if walked naively.
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 39
        ? `fragment F${i} on Patient { id }`
        : `fragment F${i} on Patient { ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const started = Date.now();
    expect(costOf(`{ patient(id: "1") { ...F0 } } ${fragments}`)).toBe(1 + 2 ** 39);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('costLimitPlugin', () => {
  async function run(maxCost: number, query: string, variables: Record<string, unknown> = {}) {
    const document = parse(query);
    const operation = getOperationAST(document);
    const listener = await costLimitPlugin(maxCost).requestDidStart!({} as never);
    return listener!.didResolveOperation!({ operation, document, schema, request: { variables } } as never);
  }
  const query = 'query Page($n: Int) { patients(first: $n) { nodes { id } } }';

  it('lets an operation at the limit through and refuses one just above it', async () => {
    await expect(run(21, query, { n: 10 })).resolves.toBeUndefined();
    const refusal = run(20, query, { n: 10 });
    await expect(refusal).rejects.toThrow(
      "Operation cost 21 is above the gateway's limit of 20 (MAX_QUERY_COST; each field costs 1",
    );
    await expect(refusal).rejects.toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX', cost: 21, maxCost: 20 },
    });
  });

  it('counts 10,000 rows of a nested list, asked for through a variable, far above the default limit', async () => {
    const nested = 'query Rows($n: Int) { patients(first: $n) { nodes { id labs { value } } } }';
    await expect(run(DEFAULT_LIMITS.maxCost, nested, { n: 10 })).resolves.toBeUndefined();
    await expect(run(DEFAULT_LIMITS.maxCost, nested, { n: 10_000 })).rejects.toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX', cost: 1 + 10_000 * (1 + 1 + 1 + 100) },
    });
  });
});

describe('maxDepthRule', () => {
  it('lets an operation at the limit through and refuses one just above it', () => {
    expect(check(deep(15), maxDepthRule(15))).toEqual([]);
    expect(check(deep(16), maxDepthRule(15))).toEqual([
      {
        code: 'QUERY_TOO_DEEP',
        message:
          'Operation "Deep" is 16 levels deep; the gateway allows 15 (MAX_QUERY_DEPTH). ' +
          'Split it into several queries, or start from a root field closer to the data you need.',
      },
    ]);
  });

  it('counts the fields inside fragments, not the fragments', () => {
    const query = (depth: number) =>
      `{ patient(id: "1") { ... on Patient { ...F } } } fragment F on Patient { ${'friend { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} }`;
    expect(check(query(4), maxDepthRule(4))).toEqual([]);
    expect(check(query(5), maxDepthRule(4))).toEqual([
      expect.objectContaining({ code: 'QUERY_TOO_DEEP', message: expect.stringMatching(/^Operation is 5 /) }),
    ]);
  });

  it('does not count an introspection query', () => {
    expect(check(getIntrospectionQuery(), maxDepthRule(2))).toEqual([]);
  });

  it('leaves a fragment cycle to graphql-js, without overflowing the stack', () => {
    expect(
      check(
        '{ ...A } fragment A on Query { patient(id: "1") { id } ...B } fragment B on Query { ...A }',
        maxDepthRule(15),
      ),
    ).toEqual([
      expect.objectContaining({
        code: undefined,
        message: 'Cannot spread fragment "A" within itself via "B".',
      }),
    ]);
  });

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

describe('maxAliasesRule', () => {
  const aliases = (n: number) =>
    `query Many { ${Array.from({ length: n }, (_, i) => `p${i}: patient(id: "${i}") { id }`).join(' ')} }`;

  it('lets an operation at the limit through and refuses one just above it', () => {
    expect(check(aliases(30), maxAliasesRule(30))).toEqual([]);
    expect(check(aliases(31), maxAliasesRule(30))).toEqual([
      {
        code: 'TOO_MANY_ALIASES',
        message:
          'Operation "Many" uses 31 aliases; the gateway allows 30 (MAX_ALIASES). ' +
          'Ask for a list with one field and a filter instead of one alias per item.',
      },
    ]);
  });

  it("counts a fragment's aliases at each spread, and aliases of __typename", () => {
    // 3 aliases in the operation, 10 in the fragment spread 3 times.
    const query = `{ a: patient(id: "a") { ...F } b: patient(id: "b") { ...F } c: patient(id: "c") { ...F } }
      fragment F on Patient { ${Array.from({ length: 10 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expect(check(query, maxAliasesRule(33))).toEqual([]);
    expect(check(query, maxAliasesRule(32))).toEqual([
      expect.objectContaining({
        code: 'TOO_MANY_ALIASES',
        message: expect.stringMatching(/^Operation uses 33 aliases; the gateway allows 32 \(MAX_ALIASES\)/),
      }),
    ]);
  });
});

describe('maxDirectivesPerFieldRule', () => {
  const tagged = (n: number) => `{ patient(id: "1") ${'@tag '.repeat(n)}{ id } }`;

  it('lets a field at the limit through and refuses one just above it', () => {
    expect(check(tagged(5), maxDirectivesPerFieldRule(5))).toEqual([]);
    expect(check(tagged(6), maxDirectivesPerFieldRule(5))).toEqual([
      {
        code: 'TOO_MANY_DIRECTIVES',
        message:
          'Field "patient" has 6 directives; the gateway allows 5 per field (MAX_DIRECTIVES_PER_FIELD). Remove the repeated ones.',
      },
    ]);
  });

  it('counts per field, not per operation', () => {
    const query = `{ patient(id: "1") @tag { id @tag friend @tag @tag { id @tag labs @tag { value @tag } } } }`;
    expect(check(query, maxDirectivesPerFieldRule(2))).toEqual([]);
  });
});

describe('token limit (parseOptions.maxTokens) and formatLimitError', () => {
  /** `{ a a … }`: exactly `n` tokens. */
  const tokens = (n: number) => `{ ${'a '.repeat(n - 2)}}`;

  it('parses a document at the limit and refuses one just above it, with TOO_MANY_TOKENS', () => {
    expect(() => parse(tokens(100), { maxTokens: 100 })).not.toThrow();
    let error: unknown;
    try {
      parse(tokens(101), { maxTokens: 100 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    // As Apollo Server formats a parse error before handing it to formatError.
    const formatted = {
      message: (error as GraphQLError).message,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    };
    expect(formatLimitError(formatted, error)).toEqual({
      message:
        'The document has more than 100 tokens (MAX_TOKENS). Send a smaller operation: fewer fields or aliases, variables instead of inlined values.',
      extensions: { code: 'TOO_MANY_TOKENS' },
    });
  });

  it("gives validation refusals their own code, and no graphql-armor 'Syntax Error:' wording", () => {
    const [refusal] = validate(schema, parse(deep(16)), [maxDepthRule(15)]);
    // Apollo Server files it under GRAPHQL_VALIDATION_FAILED, keeping the rule's error as originalError.
    const wrapped = new GraphQLError(refusal!.message, {
      originalError: refusal,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const formatted = formatLimitError(
      { message: wrapped.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      wrapped,
    );
    expect(formatted.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(formatted.message).not.toMatch(/Syntax Error/);
    expect(formatted.message).toMatch(/is 16 levels deep; the gateway allows 15 \(MAX_QUERY_DEPTH\)/);
  });
});
