import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { checkAccess, type AccessPolicy, type Caller } from '@mesh/product-kit';

/**
 * The access every field an operation READ requires: the union of the `@requiresScopes` requirements (and
 * the product-level `<product>:read` of private products, which the composed policy holds per field) of the
 * fields the caller was allowed — the refused ones were never read. Each requirement is a list of
 * alternatives, each alternative a list of scopes (the policy's shape). A recorded result stays exactly as
 * closed as the fields that computed it.
 */
/**
 * Stored content of the workspace: its own lineage decides who reads it, which the composed policy does not
 * know. An operation that reads it is not recorded (save it with saveUdat/forkUdat, which copy lineage).
 */
export const STORED_CONTENT = new Set(['HistoryEntry.result', 'Udat.payload']);

export interface ReadAccess {
  /** Requirements of the fields read (each a list of alternatives, each a list of scopes). */
  requiredScopes: string[][][];
  /** Coordinates of stored content read (see STORED_CONTENT). */
  storedContent: string[];
}

const AGGREGATE = /:aggregate$/;

/**
 * The alternatives of one requirement that the recorded content was actually computed under. A product
 * answers a caller holding a row-level alternative (`genomics:read`) at row level, even when an aggregate
 * alternative (`genomics:aggregate`) would also have admitted the field: such content may hold individual
 * values, so only row-level alternatives may read it back. Content computed under an aggregate alternative
 * only is disclosure-controlled: that alternative reads it, and so does the row-level scope it stands for.
 */
export function alternativesUsed(alternatives: string[][], granted: ReadonlySet<string>): string[][] {
  const satisfied = alternatives.filter((all) => all.every((scope) => granted.has(scope)));
  const rowLevel = satisfied.filter((all) => !all.some((scope) => AGGREGATE.test(scope)));
  if (rowLevel.length > 0) return rowLevel;
  if (satisfied.length === 0) return alternatives;
  const widened = satisfied.map((all) => all.map((scope) => scope.replace(AGGREGATE, ':read')));
  const unique = new Map([...satisfied, ...widened].map((all) => [JSON.stringify(all), all]));
  return [...unique.values()];
}

export function requiredScopesOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  policy: AccessPolicy,
  caller: Caller,
): ReadAccess {
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const granted = new Set(caller.scopes);
  const found = new Map<string, string[][]>();
  const visitedSpreads = new Set<string>();
  const storedContent = new Set<string>();

  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        if (!(isObjectType(parentType) || isInterfaceType(parentType))) continue;
        const field = parentType.getFields()[selection.name.value];
        if (!field) continue;
        const coordinate = `${parentType.name}.${field.name}`;
        const requirement = policy.get(coordinate);
        if (checkAccess(caller, coordinate, requirement, granted)) continue; // refused: not read
        if (STORED_CONTENT.has(coordinate)) storedContent.add(coordinate);
        for (const alternatives of requirement?.scopes ?? []) {
          const used = alternativesUsed(alternatives, granted);
          if (used.length > 0) found.set(JSON.stringify(used), used);
        }
        const inner = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(inner)) walk(selection.selectionSet, inner);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = typeName ? schema.getType(typeName) : parentType;
        if (type && isCompositeType(type)) walk(selection.selectionSet, type);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        // Each (fragment, parent type) once: a fragment spread in many places needs the same scopes.
        const key = `${fragment.name.value}\u0000${parentType.name}`;
        if (visitedSpreads.has(key)) continue;
        visitedSpreads.add(key);
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type)) walk(fragment.selectionSet, type);
      }
    }
  };

  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root);
  return { requiredScopes: [...found.values()], storedContent: [...storedContent] };
}
