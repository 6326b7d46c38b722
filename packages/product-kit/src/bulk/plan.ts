import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { collectFields, collectSubfields } from 'graphql/execution/collectFields';
import { z } from 'zod';
import { checkAccess, type AccessPolicy, type Caller } from '../auth';
import type { ProductContext } from '../server';
import type { TableColumn } from './encoders';
import type { RowStream, RowStreams } from './row-stream';

/** Stable codes of `/bulk` refusals (besides the kit's BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN…). */
export const BulkErrorCode = {
  /** The product has no row stream for this selection: the caller should run the query as GraphQL. */
  NotSupported: 'BULK_NOT_SUPPORTED',
} as const;

/** A refusal before the first byte: HTTP status, stable code, a message that says what to do. */
export class BulkRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BulkRefusal';
  }
}

/** The body of `POST /bulk`: a GraphQL query, the list to stream, its columns and the text format. */
export const bulkRequestSchema = z.object({
  query: z.string().min(1, 'query is required'),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().min(1).nullish(),
  /** Response keys from `data` to the list: `[rootField]` or `[rootField, 'nodes']`. */
  listPath: z.array(z.string().min(1)).min(1).max(2),
  /** Header name and response keys from a list element to the value, in output order. */
  columns: z.array(z.object({ name: z.string(), path: z.array(z.string().min(1)).min(1) })).min(1),
  format: z.enum(['csv', 'ndjson']),
  /** CSV only: `false` writes exactly the stored text (no formula neutralising); default true. */
  csvSafe: z.boolean().optional(),
  /** Follow every page (the export follows `pageInfo.endCursor`), or only the page the query asks for. */
  all: z.boolean(),
});
export type BulkRequestBody = z.infer<typeof bulkRequestSchema>;

/** Response headers carrying the answering product's identity (provenance of the rows). */
export const BULK_PROVENANCE_HEADERS = {
  product: 'x-data-product',
  version: 'x-data-product-version',
  dataVersion: 'x-data-version',
} as const;

export interface BulkColumn<TStorage> extends TableColumn {
  /** The column's value for one storage row, serialized as GraphQL would serialize the field. */
  value(row: unknown, context: ProductContext<TStorage>): unknown;
}

export interface BulkPlan<TStorage> {
  /** `Query.<field>` being streamed. */
  coordinate: string;
  stream: RowStream<TStorage, unknown>;
  args: Record<string, unknown>;
  all: boolean;
  columns: BulkColumn<TStorage>[];
}

const notSupported = (message: string) =>
  new BulkRefusal(
    422,
    BulkErrorCode.NotSupported,
    `${message} Run the query through GraphQL (the gateway's /export does so by itself).`,
  );

function parseDocument(query: string): DocumentNode {
  try {
    return parse(query);
  } catch (error) {
    throw new BulkRefusal(400, 'GRAPHQL_PARSE_FAILED', (error as Error).message);
  }
}

/**
 * The field-level access rules a GraphQL request to this product meets (the product's `@authenticated`,
 * `@requiresScopes` and visibility), applied to every field the operation selects. A GraphQL answer would
 * null a refused field; a bulk stream is refused as a whole, naming the field.
 */
function checkSelectionAccess(
  schema: GraphQLSchema,
  document: DocumentNode,
  policy: AccessPolicy,
  caller: Caller,
) {
  const typeInfo = new TypeInfo(schema);
  const granted = new Set(caller.scopes);
  let forbidden: BulkRefusal | undefined;
  let unauthenticated: BulkRefusal | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith('__')) return;
        const coordinate = `${parent.name}.${node.name.value}`;
        const denial = checkAccess(caller, coordinate, policy.get(coordinate), granted);
        if (denial?.code === 'UNAUTHENTICATED')
          unauthenticated ??= new BulkRefusal(401, denial.code, denial.message, { field: coordinate });
        else if (denial)
          forbidden ??= new BulkRefusal(403, denial.code, denial.message, {
            field: coordinate,
            requiredScopes: denial.requiredScopes,
          });
      },
    }),
  );
  const refusal = unauthenticated ?? forbidden;
  if (refusal) throw refusal;
}

/** GraphQL's leaf serialization (scalars' and enums' `serialize`), with its null rule for non-null fields. */
function serializer(type: GraphQLOutputType, coordinate: string): (value: unknown) => unknown {
  const nonNull = isNonNullType(type);
  const nullable = getNullableType(type);
  const onNull = () => {
    if (nonNull) throw new Error(`Cannot return null for non-nullable field ${coordinate}.`);
    return null;
  };
  if (isListType(nullable)) {
    const item = serializer(nullable.ofType as GraphQLOutputType, coordinate);
    return (value) => (value == null ? onNull() : Array.from(value as Iterable<unknown>, item));
  }
  if (!isLeafType(nullable)) throw new Error(`${coordinate} is not a leaf field`);
  return (value) => (value == null ? onNull() : nullable.serialize(value));
}

/** The list's element type and the field nodes selecting it, from the root field's type and the list path. */
function listOf(
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  rootType: GraphQLOutputType,
  rootNodes: readonly FieldNode[],
  listPath: readonly string[],
  coordinate: string,
): { nodeType: GraphQLObjectType; nodes: readonly FieldNode[] } {
  const rootNamed = getNamedType(rootType);
  if (isListType(getNullableType(rootType)) && listPath.length === 1 && isObjectType(rootNamed))
    return { nodeType: rootNamed, nodes: rootNodes };
  if (!isListType(getNullableType(rootType)) && listPath.length === 2 && isObjectType(rootNamed)) {
    const listNodes = collectSubfields(schema, fragments, variables, rootNamed, rootNodes).get(listPath[1]!);
    const listField = listNodes && rootNamed.getFields()[listNodes[0]!.name.value];
    const itemType = listField && getNamedType(listField.type);
    if (listField && listNodes && isListType(getNullableType(listField.type)) && isObjectType(itemType))
      return { nodeType: itemType, nodes: listNodes };
  }
  throw notSupported(
    `listPath ${listPath.join('.')} is not a list of objects ${coordinate} streams (its own list, or its connection's nodes).`,
  );
}

/**
 * Checks a `/bulk` request against the product's schema, its access policy and its row streams, and
 * resolves the columns to value functions. Throws BulkRefusal (400/401/403/422) before anything is read.
 */
export function planBulk<TStorage>(
  schema: GraphQLSchema,
  rowStreams: RowStreams<TStorage>,
  policy: AccessPolicy,
  body: BulkRequestBody,
  caller: Caller,
): BulkPlan<TStorage> {
  const document = parseDocument(body.query);
  const invalid = validate(schema, document);
  if (invalid.length > 0)
    throw new BulkRefusal(400, 'GRAPHQL_VALIDATION_FAILED', invalid.map((error) => error.message).join(' '));
  const operation = getOperationAST(document, body.operationName ?? undefined);
  if (!operation || operation.operation !== 'query')
    throw new BulkRefusal(
      400,
      'BAD_REQUEST',
      operation ? 'Only queries can be streamed.' : 'Name the operation to run with operationName.',
    );
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables ?? {});
  if (coerced.errors)
    throw new BulkRefusal(400, 'BAD_USER_INPUT', coerced.errors.map((error) => error.message).join(' '));
  const variables = coerced.coerced;
  checkSelectionAccess(schema, document, policy, caller);

  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const queryType = schema.getQueryType()!;
  const rootNodes = collectFields(schema, fragments, variables, queryType, operation.selectionSet).get(
    body.listPath[0]!,
  );
  if (!rootNodes) throw notSupported(`The query selects no "${body.listPath[0]}".`);
  const fieldName = rootNodes[0]!.name.value;
  const coordinate = `Query.${fieldName}`;
  const stream = Object.hasOwn(rowStreams, fieldName) ? rowStreams[fieldName] : undefined;
  const rootField = queryType.getFields()[fieldName];
  if (!stream || !rootField) throw notSupported(`${coordinate} has no row stream on this product.`);
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(rootField, rootNodes[0]!, variables);
  } catch (error) {
    throw new BulkRefusal(400, 'BAD_USER_INPUT', (error as GraphQLError).message);
  }
  const list = listOf(schema, fragments, variables, rootField.type, rootNodes, body.listPath, coordinate);
  const nodeType = list.nodeType;
  const selected = collectSubfields(schema, fragments, variables, nodeType, list.nodes);
  const values = new Map<string, BulkColumn<TStorage>>();
  for (const [key, nodes] of selected) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      values.set(key, { name: key, kind: 'leaf', value: () => nodeType.name });
      continue;
    }
    const field = nodeType.getFields()[name]!;
    const fieldCoordinate = `${nodeType.name}.${name}`;
    if (!isLeafType(getNamedType(field.type)))
      throw notSupported(`${fieldCoordinate} is not a scalar field; row streams serve scalar fields only.`);
    const compute = Object.hasOwn(stream.fields, name) ? stream.fields[name] : undefined;
    if (!compute) throw notSupported(`${fieldCoordinate} is not served by the row stream of ${coordinate}.`);
    if (nodes.some((node) => (node.arguments?.length ?? 0) > 0))
      throw notSupported(`${fieldCoordinate} is selected with arguments; row streams serve plain fields.`);
    const serialize = serializer(field.type, fieldCoordinate);
    values.set(key, {
      name: key,
      kind: isListType(getNullableType(field.type)) ? 'leafList' : 'leaf',
      value: (row, context) => serialize(compute(row, context)),
    });
  }
  const columns = body.columns.map((column) => {
    const found = column.path.length === 1 ? values.get(column.path[0]!) : undefined;
    if (!found)
      throw notSupported(
        `Column "${column.name}" (${column.path.join('.')}) is not a field the query selects on ${nodeType.name}.`,
      );
    return { ...found, name: column.name };
  });
  return { coordinate, stream: stream as RowStream<TStorage, unknown>, args, all: body.all, columns };
}
