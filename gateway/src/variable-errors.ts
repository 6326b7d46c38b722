import {
  getVariableValues,
  type GraphQLError,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';

interface Checked {
  schema: GraphQLSchema;
  definitions: readonly VariableDefinitionNode[];
  errors: readonly GraphQLError[] | undefined;
}

/** One check per request, whichever layer asks first (authorization, then the plan executor). */
const checkedRequests = new WeakMap<object, Checked>();

/**
 * The coercion errors of a request's variables against the operation's definitions, or undefined when they
 * are valid. Memoized on the request object: the authorization layer and the plan executor both need the
 * answer, and the variables of a request do not change between them.
 */
export function variableErrors(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  request: { variables?: Record<string, unknown> },
): readonly GraphQLError[] | undefined {
  if (definitions.length === 0) return undefined;
  const checked = checkedRequests.get(request);
  if (checked && checked.schema === schema && checked.definitions === definitions) return checked.errors;
  const errors = getVariableValues(schema, definitions, request.variables ?? {}).errors;
  checkedRequests.set(request, { schema, definitions, errors });
  return errors;
}
