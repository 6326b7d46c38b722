import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

/**
 * The schema coordinates an operation uses, as the registry's usage-aware checks expect them:
 * `Type.field` per selected field, `Type.field(arg)` per argument given, `Input.field` per literal input
 * field, `Enum.VALUE` per literal enum value, and a bare type name for types used as a whole (enum
 * results, input objects and enums passed in variables, fragment type conditions).
 */
export function collectCoordinates(schema: GraphQLSchema, document: DocumentNode): string[] {
  const typeInfo = new TypeInfo(schema);
  const found = new Set<string>();
  const addWhole = (type: unknown) => {
    const named = type ? getNamedType(type as Parameters<typeof getNamedType>[0]) : undefined;
    if (named && (isInputObjectType(named) || isEnumType(named))) found.add(named.name);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || field.name.startsWith('__')) return;
        found.add(`${parent.name}.${field.name}`);
        const named = getNamedType(field.type);
        if (isEnumType(named)) found.add(named.name);
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        const argument = typeInfo.getArgument();
        if (!parent || !field || !argument) return;
        found.add(`${parent.name}.${field.name}(${argument.name})`);
        if (node.value.kind === Kind.VARIABLE) addWhole(argument.type);
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        const named = parent ? getNamedType(parent) : undefined;
        if (named && isInputObjectType(named)) found.add(`${named.name}.${node.name.value}`);
        if (node.value.kind === Kind.VARIABLE) addWhole(typeInfo.getInputType());
      },
      EnumValue(node) {
        const type = typeInfo.getInputType();
        const named = type ? getNamedType(type) : undefined;
        if (named && isEnumType(named)) found.add(`${named.name}.${node.value}`);
      },
      VariableDefinition() {
        addWhole(typeInfo.getInputType());
      },
      InlineFragment(node) {
        if (node.typeCondition) found.add(node.typeCondition.name.value);
      },
      FragmentDefinition(node) {
        found.add(node.typeCondition.name.value);
      },
    }),
  );
  return [...found].sort();
}
