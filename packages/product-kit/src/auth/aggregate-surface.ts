import { Kind, type DocumentNode, type FieldDefinitionNode, type TypeNode } from 'graphql';

/** The type every analysis app returns; what it holds is aggregate by construction (see analysis/disclosure). */
const RESULT_TYPE = 'AnalysisResult';

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function isList(type: TypeNode): boolean {
  return type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && isList(type.type));
}

function fieldsByType(document: DocumentNode): Map<string, FieldDefinitionNode[]> {
  const byType = new Map<string, FieldDefinitionNode[]>();
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      definition.kind === Kind.INTERFACE_TYPE_EXTENSION
    ) {
      const list = byType.get(definition.name.value) ?? [];
      list.push(...(definition.fields ?? []));
      byType.set(definition.name.value, list);
    }
  }
  return byType;
}

/**
 * The fields an aggregate-only caller (`<product>:aggregate`) may read, derived from the SDL alone so a new
 * product gets it right without code, and so the products and the gateway (which sees the supergraph)
 * apply one rule:
 * - analysis results (`AnalysisResult` and every type it holds) and the fields that return them (the apps);
 * - the groups apps run on (types with an app field, e.g. Cohort, CohortComparison), the root fields that
 *   define them, and their single-valued scalar fields (id, name, definition, size); never a list of
 *   scalars (patientIds: who is in the group) nor another object (patients);
 * - counts: `totalCount` of a connection and the fields that return a connection (to reach the count),
 *   never its `nodes` or `pageInfo`.
 * Everything else is row-level: fail closed, a new field needs `<product>:read` until it fits a rule above.
 *
 * `groupMembers` (the product's own policy only) also admits a group's lists of scalars (patientIds): the
 * gateway's query planner fetches them from the owning product, with the caller's identity, to hand them to
 * another product's app (`@requires`). The gateway never lets a client select them; a product cannot tell
 * the planner's fetch from another signed request, and only the gateway can sign one.
 */
export function aggregateFields(
  document: DocumentNode,
  options: { groupMembers?: boolean } = {},
): Set<string> {
  const byType = fieldsByType(document);
  const resultTypes = new Set<string>();
  const queue = [RESULT_TYPE];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (resultTypes.has(name) || !byType.has(name)) continue;
    resultTypes.add(name);
    for (const field of byType.get(name)!) queue.push(namedType(field.type));
  }
  const groupTypes = new Set<string>();
  const connectionTypes = new Set<string>();
  for (const [typeName, fields] of byType) {
    if (fields.some((field) => namedType(field.type) === RESULT_TYPE)) groupTypes.add(typeName);
    if (fields.some((field) => field.name.value === 'totalCount')) connectionTypes.add(typeName);
  }
  const objectTypes = new Set(byType.keys());
  const surface = new Set<string>();
  for (const [typeName, fields] of byType) {
    for (const field of fields) {
      const returns = namedType(field.type);
      const aggregate =
        resultTypes.has(typeName) ||
        returns === RESULT_TYPE ||
        resultTypes.has(returns) ||
        connectionTypes.has(returns) ||
        (connectionTypes.has(typeName) && field.name.value === 'totalCount') ||
        (typeName === 'Query' && groupTypes.has(returns)) ||
        (groupTypes.has(typeName) &&
          (groupTypes.has(returns) ||
            (!objectTypes.has(returns) && (options.groupMembers === true || !isList(field.type)))));
      if (aggregate) surface.add(`${typeName}.${field.name.value}`);
    }
  }
  return surface;
}
