import {
  getNamedType,
  getOperationAST,
  getVariableValues,
  isObjectType,
  Kind,
  specifiedRules,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { AccessPolicy, BulkRequestBody, Caller } from '@mesh/product-kit';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import { planAuthorization } from '../auth/authorize';
import { operationCost } from '@mesh/product-kit';
import type { SupergraphRouting } from './bulk-routing';
import type { ExportFormatName } from './formats';
import type { ExportPlan } from './plan';

export interface BulkDecisionInput {
  format: ExportFormatName;
  plan: ExportPlan;
  /** The API schema being served. */
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string;
  variables?: Record<string, unknown>;
  routing: SupergraphRouting;
  policy: AccessPolicy;
  caller: Caller;
  /** The gateway's own validation rules (depth, aliases…) and cost limit: a bulk export meets them too. */
  validationRules?: readonly ValidationRule[];
  maxCost?: number;
}

export type BulkDecision =
  | {
      eligible: true;
      /** The product that resolves every selected field, and its `/bulk` URL. */
      product: string;
      url: string;
      body: Omit<BulkRequestBody, 'query' | 'variables' | 'operationName'>;
    }
  | { eligible: false; reason: string };

const no = (reason: string): BulkDecision => ({ eligible: false, reason });

/**
 * Whether an export can go to one product's `/bulk` row stream instead of GraphQL execution: plain rows
 * (CSV or NDJSON, no explode, every column a scalar field of the list element), the list is a root field
 * or its `nodes`, one product resolves every selected field, and the gateway would refuse nothing of it
 * (validation, limits, access policy). Anything else, or any doubt, is the GraphQL path, which answers
 * refusals and errors exactly as `/graphql` does.
 */
export function decideBulk(input: BulkDecisionInput): BulkDecision {
  const { plan, schema, document } = input;
  if (input.format !== 'csv' && input.format !== 'ndjson') return no(`format ${input.format}`);
  if (plan.explodeSteps.length > 0) return no('explode');
  const nested = plan.columns.find(
    (column) => column.level !== 0 || column.rest.length !== 1 || column.kind === 'json',
  );
  if (nested) return no(`column ${nested.name} is not a scalar field of the list element`);
  const [rootKey, listKey, ...deeper] = plan.listPath;
  if (!rootKey || deeper.length > 0) return no('the list is not a root field or its nodes');

  const operation = getOperationAST(document, input.operationName);
  if (!operation || operation.operation !== 'query') return no('no single query operation');
  const errors = validate(schema, document, [...specifiedRules, ...(input.validationRules ?? [])]);
  if (errors.length > 0) return no('the query does not validate');
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], input.variables ?? {});
  if (coerced.errors) return no('the variables do not coerce');
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const queryType = schema.getQueryType();
  if (!queryType) return no('no query type');
  if (
    input.maxCost !== undefined &&
    operationCost(schema, operation.selectionSet, queryType, fragments, coerced.coerced) > input.maxCost
  )
    return no('above the cost limit');

  // One product must resolve every field the operation (and its fragments) selects.
  const typeInfo = new TypeInfo(schema);
  let graphs: Set<string> | undefined;
  let refusal: string | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Directive(node) {
        refusal ??= `directive @${node.name.value}`;
      },
      Field(node) {
        const parent = typeInfo.getParentType();
        const name = node.name.value;
        if (name === '__typename') return;
        if (name.startsWith('__') || !isObjectType(parent)) {
          refusal ??= `field ${name} (introspection, or on an abstract type)`;
          return;
        }
        const resolving = input.routing.graphsOf(parent.name, name);
        graphs = new Set([...(graphs ?? resolving)].filter((graph) => resolving.has(graph)));
      },
    }),
  );
  if (refusal) return no(refusal);
  const rootNodes = collectFields(schema, fragments, coerced.coerced, queryType, operation.selectionSet).get(
    rootKey,
  );
  const rootType = rootNodes && queryType.getFields()[rootNodes[0]!.name.value]?.type;
  if (!rootNodes || !rootType) return no('the list is not selected by a root field');
  if (listKey !== undefined) {
    const connection = getNamedType(rootType);
    const listNodes = isObjectType(connection)
      ? collectSubfields(schema, fragments, coerced.coerced, connection, rootNodes).get(listKey)
      : undefined;
    if (listNodes?.[0]?.name.value !== 'nodes') return no('the list is not a connection’s nodes');
  }
  const graph = graphs ? [...graphs][0] : undefined;
  const endpoint = graph ? input.routing.endpoint(graph) : undefined;
  if (!endpoint) return no('no single product resolves every selected field');

  // The gateway enforces first: if it would refuse any field, the GraphQL path answers (null + error).
  const authorization = planAuthorization(
    schema,
    document,
    input.operationName,
    '',
    input.policy,
    input.caller,
  );
  if (authorization) return no('the caller may not read every selected field');

  return {
    eligible: true,
    product: endpoint.name,
    url: new URL('bulk', endpoint.url).toString(),
    body: {
      listPath: plan.listPath,
      columns: plan.columns.map((column) => ({ name: column.name, path: column.rest })),
      format: input.format,
      all: plan.paging !== null,
    },
  };
}
