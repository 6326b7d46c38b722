import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule as armorMaxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import {
  maxDepthRule as armorMaxDepthRule,
  type MaxDepthOptions,
} from '@escape.tech/graphql-armor-max-depth';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromAST,
  visitInParallel,
  type ASTNode,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

// Query limits of every GraphQL service of the mesh: the gateway for its clients, and each product for
// whoever calls it (a direct caller meets the same kind of limits as a gateway client).

/** Stable codes of the limits' refusals; part of the public API (docs/ARCHITECTURE.md). */
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

/** True for the codes of these limits (clients read them; never masked). */
export function isLimitCode(code: unknown): boolean {
  return typeof code === 'string' && LIMIT_CODES.has(code);
}

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
  /** Who refuses, in messages: `the gateway` (default) or `this product`. */
  service?: string;
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

const refuse = (context: ValidationContext, code: string, message: string, nodes?: ASTNode) =>
  context.reportError(new GraphQLError(message, { nodes, extensions: { code } }));

/** graphql-armor's rejection callback: (validation context, its error). */
type ArmorRejectCallback = NonNullable<MaxDepthOptions['onReject']>[number];

/**
 * graphql-armor's rules report "Syntax Error: <limit> limit of N exceeded, found M." (with `exposeLimits`);
 * only M is taken from it, the client gets our own message and code. `undefined` if the wording changes.
 */
function foundIn(error: GraphQLError): number | undefined {
  const found = /found (\d+)/.exec(error.message);
  return found ? Number(found[1]) : undefined;
}

/**
 * Runs a graphql-armor rule, built for this validation, that reports through `onReject` (never throws out of
 * validate()), next to a visitor that remembers the operation being checked, for the message.
 */
function armored(
  context: ValidationContext,
  build: (onReject: ArmorRejectCallback) => ASTVisitor,
  reject: (error: GraphQLError, operation: OperationDefinitionNode | undefined) => void,
): ASTVisitor {
  let operation: OperationDefinitionNode | undefined;
  const armor = build((_, error) => reject(error, operation));
  return visitInParallel([
    {
      OperationDefinition(node) {
        operation = node;
      },
    },
    armor,
  ]);
}

const operationName = (operation: OperationDefinitionNode | undefined) =>
  operation?.name ? ` "${operation.name.value}"` : '';

/**
 * Field nesting, by graphql-armor's max-depth: fragments (named or inline) add no level, the fields inside
 * them do; an introspection query (`__schema`) is not counted (INTROSPECTION governs it). Fragments are
 * measured once each, so a fan-out of fragments costs linear time; a fragment cycle stops armor's walk and
 * graphql-js's NoFragmentCyclesRule rejects it in the same validation pass.
 */
export function maxDepthRule(maxDepth: number, who = 'the gateway'): ValidationRule {
  return (context) =>
    armored(
      context,
      (onReject) =>
        armorMaxDepthRule({
          n: maxDepth,
          flattenFragments: true,
          ignoreIntrospection: true,
          exposeLimits: true,
          propagateOnRejection: false,
          onReject: [onReject],
        })(context),
      (error, operation) => {
        const depth = foundIn(error);
        refuse(
          context,
          LimitCode.QueryTooDeep,
          `Operation${operationName(operation)} is ${depth ?? `more than ${maxDepth}`} levels deep; ${who} allows ${maxDepth} (MAX_QUERY_DEPTH). ` +
            'Split it into several queries, or start from a root field closer to the data you need.',
          operation,
        );
      },
    );
}

/**
 * Aliases in one operation, by graphql-armor's max-aliases: a fragment's aliases count at each spread.
 * Every alias counts (armor's default allow-list would let `__typename` aliases through).
 */
export function maxAliasesRule(maxAliases: number, who = 'the gateway'): ValidationRule {
  return (context) =>
    armored(
      context,
      (onReject) =>
        armorMaxAliasesRule({
          n: maxAliases,
          allowList: [],
          exposeLimits: true,
          propagateOnRejection: false,
          onReject: [onReject],
        })(context),
      (error, operation) => {
        const aliases = foundIn(error);
        refuse(
          context,
          LimitCode.TooManyAliases,
          `Operation${operationName(operation)} uses ${aliases ?? `more than ${maxAliases}`} aliases; ${who} allows ${maxAliases} (MAX_ALIASES). ` +
            'Ask for a list with one field and a filter instead of one alias per item.',
          operation,
        );
      },
    );
}

/**
 * Kept hand-written: graphql-armor's max-directives counts the directives of a whole operation, not of one
 * field, so with MAX_DIRECTIVES_PER_FIELD as its limit it would refuse ordinary queries with a few
 * `@include`/`@skip` on several fields. The token limit bounds the operation's total.
 */
export function maxDirectivesPerFieldRule(maxDirectives: number, who = 'the gateway'): ValidationRule {
  return (context) => ({
    Field(node) {
      const count = node.directives?.length ?? 0;
      if (count > maxDirectives) {
        refuse(
          context,
          LimitCode.TooManyDirectives,
          `Field "${node.alias?.value ?? node.name.value}" has ${count} directives; ${who} allows ${maxDirectives} per field (MAX_DIRECTIVES_PER_FIELD). Remove the repeated ones.`,
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
    maxDepthRule(limits.maxDepth, limits.service),
    maxAliasesRule(limits.maxAliases, limits.service),
    maxDirectivesPerFieldRule(limits.maxDirectivesPerField, limits.service),
    ...(limits.introspection ? [] : [noIntrospectionRule]),
  ];
}

/**
 * A simple cost: every field costs 1, multiplied by the page sizes (`first`) of the connections above it.
 * `first` comes from the literal, the variable's value or the argument's default; fields without `first`
 * multiply by 1.
 *
 * Kept hand-written rather than graphql-armor's cost-limit: armor's rule is a validation rule, and Apollo
 * validates a document once, without variables (it caches the result), and armor reads `first` from integer
 * literals only, with no schema: `patients(first: $n)` or a `labs` list with a default page size of 100
 * would cost as little as one row, so a query for 10,000 rows of a nested list could pass as cheap.
 *
 * Cost is linear in `multiplier`, so each fragment is costed once (at multiplier 1) and scaled at every
 * spread: a fan-out of fragments spreading the next one twice costs linear time, not 2^n walks.
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
  return (
    multiplier *
    unitCost(selectionSet, parentType, { schema, fragments, variables, visiting, memo: new Map() })
  );
}

interface CostWalk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Fragments on the current path: a cycle (already refused by validation) is not followed. */
  visiting: Set<string>;
  /** Cost of each fragment's selection set at multiplier 1. */
  memo: Map<string, number>;
}

function unitCost(selectionSet: SelectionSetNode, parentType: GraphQLCompositeType, walk: CostWalk): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      cost += 1;
      if (!selection.selectionSet || !(isObjectType(parentType) || isInterfaceType(parentType))) continue;
      const field = parentType.getFields()[selection.name.value];
      if (!field) continue;
      let factor = 1;
      const firstArg = field.args.find((arg) => arg.name === 'first');
      if (firstArg) {
        const node = selection.arguments?.find((arg) => arg.name.value === 'first');
        const value = node
          ? valueFromAST(node.value, getNullableType(firstArg.type), walk.variables)
          : firstArg.defaultValue;
        if (typeof value === 'number' && value > 1) factor = value;
      }
      const childType = getNamedType(field.type);
      if (isCompositeType(childType)) cost += factor * unitCost(selection.selectionSet, childType, walk);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? walk.schema.getType(selection.typeCondition.name.value)
        : parentType;
      if (type && isCompositeType(type)) cost += unitCost(selection.selectionSet, type, walk);
    } else {
      const name = selection.name.value;
      const definition = walk.fragments[name];
      if (!definition || walk.visiting.has(name)) continue;
      let fragmentCost = walk.memo.get(name);
      if (fragmentCost === undefined) {
        const type = walk.schema.getType(definition.typeCondition.name.value);
        if (!type || !isCompositeType(type)) continue;
        walk.visiting.add(name);
        fragmentCost = unitCost(definition.selectionSet, type, walk);
        walk.visiting.delete(name);
        walk.memo.set(name, fragmentCost);
      }
      cost += fragmentCost;
    }
  }
  return cost;
}

/** Refuses operations above `maxCost`; runs after validation, when variable values are known. */
export function costLimitPlugin(maxCost: number, who = 'the gateway'): ApolloServerPlugin<object> {
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
              `Operation cost ${cost} is above ${who === 'the gateway' ? "the gateway's" : `${who}'s`} limit of ${maxCost} (MAX_QUERY_COST; each field costs 1, ` +
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

/**
 * The token limit is graphql-js's own parser option (`parseOptions: { maxTokens }` on Apollo Server): the
 * lexer stops at the limit, before a syntax tree is built, and Apollo files it as a parse error (the wording,
 * with its "that", is graphql-js's). graphql-armor's max-tokens would do the same, but it only comes as an
 * Envelop `onParse` plugin, and Apollo Server has no hook to replace its parser.
 */
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
