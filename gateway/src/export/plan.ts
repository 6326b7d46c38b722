import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ExportError, ExportErrorCode } from './errors';

/** What the operation selects at one response key, with the types from the schema. */
export interface Shape {
  kind: 'leaf' | 'leafList' | 'object' | 'objectList';
  fields: Map<string, Shape>;
  /** The variable bound to this field's `after` argument, if any (a pageable connection). */
  afterVariable?: string;
}

export interface Column {
  /** Header name: response keys joined by dots, e.g. `samples.expression.value`. */
  name: string;
  /** How many exploded lists this column lies under (0: the row itself). */
  level: number;
  /** Response keys from that level's element to the value. */
  rest: string[];
  kind: 'leaf' | 'leafList' | 'json';
}

export interface ExportPlan {
  /** Response keys from `data` to the exported list. */
  listPath: string[];
  /** Response keys from `data` to the connection whose pages are followed; null: one request. */
  paging: { connectionPath: string[]; afterVariable: string } | null;
  /** Response keys from the element at each exploded level to the next exploded list. */
  explodeSteps: string[][];
  columns: Column[];
}

function buildShape(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  into: Map<string, Shape>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined)
        : parent;
      if (condition) buildShape(schema, condition, fragment.selectionSet, fragments, into);
      continue;
    }
    const key = selection.alias?.value ?? selection.name.value;
    const fieldType =
      selection.name.value !== '__typename' && (isObjectType(parent) || isInterfaceType(parent))
        ? parent.getFields()[selection.name.value]?.type
        : undefined;
    const nullable = fieldType ? getNullableType(fieldType) : undefined;
    const named = fieldType ? getNamedType(fieldType) : undefined;
    const list = nullable !== undefined && isListType(nullable);
    const composite = named !== undefined && isCompositeType(named) && selection.selectionSet;
    const kind: Shape['kind'] = composite ? (list ? 'objectList' : 'object') : list ? 'leafList' : 'leaf';
    const shape = into.get(key) ?? { kind, fields: new Map<string, Shape>() };
    const after = selection.arguments?.find((argument) => argument.name.value === 'after');
    if (after?.value.kind === Kind.VARIABLE) shape.afterVariable = after.value.name.value;
    into.set(key, shape);
    if (composite) buildShape(schema, named, selection.selectionSet!, fragments, shape.fields);
  }
}

/** The response shape of the operation to run, from its selection sets and the schema's types. */
export function shapeOfOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string,
): Shape {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((candidate) => candidate.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  if (!operation)
    throw new ExportError(
      ExportErrorCode.BadRequest,
      operationName
        ? `No operation named "${operationName}" in the query.`
        : 'The query has several operations: name the one to run with operationName.',
    );
  if (operation.operation !== 'query')
    throw new ExportError(ExportErrorCode.BadRequest, 'Only queries can be exported.');
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const root: Shape = { kind: 'object', fields: new Map() };
  buildShape(schema, schema.getQueryType()!, operation.selectionSet, fragments, root.fields);
  return root;
}

/** Depth-first, in selection order: the first list field reached through objects only. */
function firstList(shape: Shape, path: string[] = []): string[] | null {
  for (const [key, child] of shape.fields) {
    if (child.kind === 'objectList' || child.kind === 'leafList') return [...path, key];
    if (child.kind === 'object') {
      const found = firstList(child, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

const describe = (shape: Shape) => [...shape.fields.keys()].join(', ') || 'nothing';

/**
 * Turns the request's `path` and `explode` into the list to export, how to page it, and its columns.
 * Rules: nested objects become dotted columns (`patient.age`); lists of scalars one column joined with `;`;
 * the lists along `explode` one row per innermost element (parent columns repeated); other lists of objects
 * one column holding JSON.
 */
export function planExport(root: Shape, path: string | undefined, explode: string | undefined): ExportPlan {
  const listPath = path ? path.split('.') : firstList(root);
  if (!listPath)
    throw new ExportError(
      ExportErrorCode.PathNotFound,
      'The query selects no list to export. Select one, e.g. patients { nodes { id } }.',
    );
  let shape = root;
  let parent = root;
  for (const [index, key] of listPath.entries()) {
    const child = shape.fields.get(key);
    if (!child)
      throw new ExportError(
        ExportErrorCode.PathNotFound,
        `path "${listPath.join('.')}": the query selects no "${key}" there (it selects ${describe(shape)}).`,
      );
    const last = index === listPath.length - 1;
    if (last ? child.kind !== 'objectList' && child.kind !== 'leafList' : child.kind !== 'object')
      throw new ExportError(
        ExportErrorCode.PathNotAList,
        `path "${listPath.join('.')}" must lead through objects to a list; "${key}" is ${child.kind === 'leaf' ? 'a scalar' : child.kind === 'object' ? 'an object' : 'a list'}.`,
      );
    parent = shape;
    shape = child;
  }
  let paging: ExportPlan['paging'] = null;
  const connection = listPath.length >= 2 ? parent : undefined;
  if (connection?.afterVariable) {
    const pageInfo = connection.fields.get('pageInfo');
    if (!pageInfo?.fields.has('endCursor') || !pageInfo.fields.has('hasNextPage'))
      throw new ExportError(
        ExportErrorCode.PagingNeedsPageInfo,
        `"${listPath.slice(0, -1).join('.')}" takes after: $${connection.afterVariable}, so the export follows its pages: select pageInfo { hasNextPage endCursor } beside "${listPath.at(-1)}".`,
      );
    paging = { connectionPath: listPath.slice(0, -1), afterVariable: connection.afterVariable };
  }

  if (shape.kind === 'leafList')
    return {
      listPath,
      paging,
      explodeSteps: [],
      columns: [{ name: listPath.at(-1)!, level: 0, rest: [], kind: 'leaf' }],
    };

  // The exploded lists: each `objectList` along the explode path starts a new level.
  const explodeKeys = explode ? explode.split('.') : [];
  const explodeSteps: string[][] = [];
  const explodedPrefixes = new Set<string>();
  let step: string[] = [];
  let walker = shape;
  for (const [index, key] of explodeKeys.entries()) {
    const child = walker.fields.get(key);
    if (!child || child.kind === 'leaf' || child.kind === 'leafList')
      throw new ExportError(
        ExportErrorCode.ExplodeInvalid,
        `explode "${explode}": "${key}" is ${child ? 'not a list of objects' : `not selected (the rows have ${describe(walker)})`}.`,
      );
    step.push(key);
    if (child.kind === 'objectList') {
      explodeSteps.push(step);
      explodedPrefixes.add(explodeKeys.slice(0, index + 1).join('.'));
      step = [];
    }
    walker = child;
  }
  if (explodeKeys.length > 0 && step.length > 0)
    throw new ExportError(
      ExportErrorCode.ExplodeInvalid,
      `explode "${explode}" must end at a list of objects.`,
    );

  const columns: Column[] = [];
  const collect = (node: Shape, prefix: string[], level: number, rest: string[]) => {
    for (const [key, child] of node.fields) {
      const keys = [...prefix, key];
      const name = keys.join('.');
      if (child.kind === 'leaf' || child.kind === 'leafList')
        columns.push({ name, level, rest: [...rest, key], kind: child.kind });
      else if (child.kind === 'object') collect(child, keys, level, [...rest, key]);
      else if (explodedPrefixes.has(name)) collect(child, keys, level + 1, []);
      else columns.push({ name, level, rest: [...rest, key], kind: 'json' });
    }
  };
  collect(shape, [], 0, []);
  return { listPath, paging, explodeSteps, columns };
}
