import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** Stable codes of the gateway's own refusals; part of the public API (docs/ARCHITECTURE.md). */
export const LimitCode = {
  QueryTooDeep: 'QUERY_TOO_DEEP',
  TooManyAliases: 'TOO_MANY_ALIASES',
  TooManyDirectives: 'TOO_MANY_DIRECTIVES',
  TooManyTokens: 'TOO_MANY_TOKENS',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  BatchingNotAllowed: 'BATCHING_NOT_ALLOWED',
  BatchTooLarge: 'BATCH_TOO_LARGE',
  IntrospectionDisabled: 'INTROSPECTION_DISABLED',
} as const;
const LIMIT_CODES = new Set<string>(Object.values(LimitCode));

export interface ProtectionLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectivesPerField: number;
  maxTokens: number;
  maxCost: number;
  /** Accept JSON arrays of operations (batching), up to `maxBatchSize`. */
  batching: boolean;
  maxBatchSize: number;
  introspection: boolean;
}

export const DEFAULT_LIMITS: ProtectionLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxDirectivesPerField: 5,
  maxTokens: 10_000,
  maxCost: 1_000_000,
  batching: false,
  maxBatchSize: 10,
  introspection: true,
};

const refuse = (context: ValidationContext, code: string, message: string) =>
  context.reportError(new GraphQLError(message, { extensions: { code } }));

/**
 * Deepest field nesting of a selection set, following fragments. Introspection fields are not counted
 * (INTROSPECTION governs those); fragment cycles count as depth 0 here because graphql-js's own
 * NoFragmentCyclesRule rejects them in the same validation pass.
 */
function depthOf(
  selectionSet: SelectionSetNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
  memo: Map<string, number>,
  visiting: Set<string>,
): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const below = selection.selectionSet ? depthOf(selection.selectionSet, fragment, memo, visiting) : 0;
      deepest = Math.max(deepest, 1 + below);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragment, memo, visiting));
    } else {
      const name = selection.name.value;
      if (visiting.has(name)) continue;
      let depth = memo.get(name);
      if (depth === undefined) {
        const definition = fragment(name);
        visiting.add(name);
        depth = definition ? depthOf(definition.selectionSet, fragment, memo, visiting) : 0;
        visiting.delete(name);
        memo.set(name, depth);
      }
      deepest = Math.max(deepest, depth);
    }
  }
  return deepest;
}

export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const memo = new Map<string, number>();
    return {
      OperationDefinition(node) {
        const depth = depthOf(node.selectionSet, (name) => context.getFragment(name), memo, new Set());
        if (depth > maxDepth) {
          refuse(
            context,
            LimitCode.QueryTooDeep,
            `Operation${node.name ? ` "${node.name.value}"` : ''} is ${depth} levels deep; the gateway allows ${maxDepth} (MAX_QUERY_DEPTH). ` +
              'Split it into several queries, or start from a root field closer to the data you need.',
          );
        }
      },
    };
  };
}

export function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context) => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) {
            refuse(
              context,
              LimitCode.TooManyAliases,
              `The document uses ${aliases} aliases; the gateway allows ${maxAliases} (MAX_ALIASES). ` +
                'Ask for a list with one field and a filter instead of one alias per item.',
            );
          }
        },
      },
    };
  };
}

export function maxDirectivesPerFieldRule(maxDirectives: number): ValidationRule {
  return (context) => ({
    Field(node) {
      const count = node.directives?.length ?? 0;
      if (count > maxDirectives) {
        refuse(
          context,
          LimitCode.TooManyDirectives,
          `Field "${node.alias?.value ?? node.name.value}" has ${count} directives; the gateway allows ${maxDirectives} per field (MAX_DIRECTIVES_PER_FIELD). Remove the repeated ones.`,
        );
      }
    },
  });
}

export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      refuse(
        context,
        LimitCode.IntrospectionDisabled,
        'Introspection is turned off on this gateway (INTROSPECTION=false). Use the published schema: GET /supergraph, or the registry catalogue.',
      );
    }
  },
});

export function protectionValidationRules(limits: ProtectionLimits): ValidationRule[] {
  return [
    maxDepthRule(limits.maxDepth),
    maxAliasesRule(limits.maxAliases),
    maxDirectivesPerFieldRule(limits.maxDirectivesPerField),
    ...(limits.introspection ? [] : [noIntrospectionRule]),
  ];
}

/**
 * A simple cost: every field costs 1, multiplied by the page sizes (`first`) of the connections above it.
 * `first` comes from the literal, the variable's value or the argument's default; fields without `first`
 * multiply by 1.
 */
export function operationCost(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  multiplier = 1,
  visiting = new Set<string>(),
): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += multiplier;
      if (!selection.selectionSet || !(isObjectType(parentType) || isInterfaceType(parentType))) continue;
      const field = parentType.getFields()[selection.name.value];
      if (!field) continue;
      let factor = 1;
      const firstArg = field.args.find((arg) => arg.name === 'first');
      if (firstArg) {
        const node = selection.arguments?.find((arg) => arg.name.value === 'first');
        const value = node
          ? valueFromAST(node.value, getNullableType(firstArg.type), variables)
          : firstArg.defaultValue;
        if (typeof value === 'number' && value > 1) factor = value;
      }
      const childType = getNamedType(field.type);
      if (isCompositeType(childType)) {
        cost += operationCost(
          schema,
          selection.selectionSet,
          childType,
          fragments,
          variables,
          multiplier * factor,
          visiting,
        );
      }
    } else {
      const definition =
        selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : undefined;
      if (selection.kind === Kind.FRAGMENT_SPREAD && (!definition || visiting.has(selection.name.value)))
        continue;
      const typeCondition =
        selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : definition!.typeCondition;
      const type = typeCondition ? schema.getType(typeCondition.name.value) : parentType;
      if (!type || !isCompositeType(type)) continue;
      if (definition) visiting.add(definition.name.value);
      cost += operationCost(
        schema,
        selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : definition!.selectionSet,
        type,
        fragments,
        variables,
        multiplier,
        visiting,
      );
      if (definition) visiting.delete(definition.name.value);
    }
  }
  return cost;
}

/** Refuses operations above `maxCost`; runs after validation, when variable values are known. */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) {
            // Apollo Gateway would fail later with an internal-looking error (500); the client sent a name
            // the document does not define, so say so, with the names it does define.
            const names = document.definitions.flatMap((d) =>
              d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [],
            );
            throw new GraphQLError(
              request.operationName
                ? `Unknown operation named "${request.operationName}". The document defines: ${names.join(', ') || 'no named operation'}; send one of these as operationName.`
                : 'The document defines several operations; send the one to run as operationName.',
              { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
            );
          }
          const root = schema.getRootType(operation.operation);
          if (!root) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const cost = operationCost(
            schema,
            operation.selectionSet,
            root,
            fragments,
            request.variables ?? {},
          );
          if (cost > maxCost) {
            throw new GraphQLError(
              `Operation cost ${cost} is above the gateway's limit of ${maxCost} (MAX_QUERY_COST; each field costs 1, ` +
                'times the `first` page sizes above it). Ask for smaller pages (`first`) and page with `after`, or fewer nested lists.',
              { extensions: { code: LimitCode.QueryTooComplex, cost, maxCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

export interface RequestRefusal {
  status: number;
  code: string;
  message: string;
}

/** Refuses batched requests (a JSON array) unless batching is on, and batches above `maxBatchSize`. */
export function screenBatch(body: unknown, limits: ProtectionLimits): RequestRefusal | undefined {
  if (!Array.isArray(body)) return undefined;
  if (!limits.batching) {
    return {
      status: 400,
      code: LimitCode.BatchingNotAllowed,
      message:
        'Batched requests (a JSON array of operations) are turned off on this gateway (BATCHING=false). ' +
        'Send one operation per request; HTTP keep-alive makes that cheap.',
    };
  }
  if (body.length > limits.maxBatchSize) {
    return {
      status: 400,
      code: LimitCode.BatchTooLarge,
      message: `The batch has ${body.length} operations; the gateway allows ${limits.maxBatchSize} (MAX_BATCH_SIZE). Split it into smaller batches.`,
    };
  }
  return undefined;
}

const TOKEN_LIMIT = /^Syntax Error: Document contains more that (\d+) tokens/;

/**
 * Gives the gateway's limits their own codes: Apollo files every validation error under
 * GRAPHQL_VALIDATION_FAILED and the parser's token limit under GRAPHQL_PARSE_FAILED.
 */
export function formatLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as { originalError?: unknown }).originalError;
  const code = original instanceof GraphQLError ? original.extensions.code : undefined;
  if (typeof code === 'string' && LIMIT_CODES.has(code)) {
    return { ...formatted, extensions: { ...formatted.extensions, code } };
  }
  const tokens = TOKEN_LIMIT.exec(formatted.message);
  if (tokens) {
    return {
      message: `The document has more than ${tokens[1]} tokens (MAX_TOKENS). Send a smaller operation: fewer fields or aliases, variables instead of inlined values.`,
      extensions: { ...formatted.extensions, code: LimitCode.TooManyTokens },
    };
  }
  return formatted;
}
