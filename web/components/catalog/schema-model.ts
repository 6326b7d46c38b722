import {
  Kind,
  parse,
  print,
  type ConstDirectiveNode,
  type DefinitionNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type NamedTypeNode,
  type TypeNode,
} from 'graphql';

/**
 * A product's schema as documentation: its types with their fields, arguments, return types and
 * descriptions. Built from the parsed SDL rather than `buildASTSchema`: a federation subgraph SDL is not a
 * schema on its own (federation directives and types, entities resolved elsewhere), and the documentation
 * wants what the product wrote (source order, `extend type` merged in, scopes from `@requiresScopes`).
 * Pure: unit-tested in web/test/catalog-schema-model.test.ts.
 */

export type SchemaTypeKind = 'object' | 'interface' | 'input' | 'enum' | 'scalar' | 'union';

export interface TypeReference {
  /** As written, e.g. `[Patient!]!`. */
  text: string;
  /** The named type inside it, e.g. `Patient`. */
  named: string;
}

export interface SchemaArgument {
  name: string;
  description: string | null;
  type: TypeReference;
  defaultValue: string | null;
}

export interface SchemaField {
  name: string;
  description: string | null;
  type: TypeReference;
  args: SchemaArgument[];
  deprecation: string | null;
  /** `@requiresScopes`: any one of the inner lists grants access, each needs all its scopes. */
  requiredScopes: string[][];
}

export interface SchemaEnumValue {
  name: string;
  description: string | null;
  deprecation: string | null;
}

export interface SchemaType {
  name: string;
  kind: SchemaTypeKind;
  description: string | null;
  /** Federation `@key` field sets: the type is an entity other products can extend. */
  keys: string[];
  interfaces: string[];
  fields: SchemaField[];
  values: SchemaEnumValue[];
  members: string[];
  requiredScopes: string[][];
}

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'];

/** Federation's own machinery (`_Service`, `_entities`, `link__Import`, `federation__FieldSet`…). */
const isInternalName = (name: string) => name.startsWith('_') || name.includes('__');

function directiveName(directive: ConstDirectiveNode): string {
  return directive.name.value.replace(/^federation__/, '');
}

function hasDirective(node: { directives?: readonly ConstDirectiveNode[] }, name: string): boolean {
  return (node.directives ?? []).some((directive) => directiveName(directive) === name);
}

function directiveArgument(
  node: { directives?: readonly ConstDirectiveNode[] },
  name: string,
  argument: string,
) {
  const directive = (node.directives ?? []).find((candidate) => directiveName(candidate) === name);
  return directive?.arguments?.find((arg) => arg.name.value === argument)?.value;
}

function requiredScopes(node: { directives?: readonly ConstDirectiveNode[] }): string[][] {
  const value = directiveArgument(node, 'requiresScopes', 'scopes');
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((inner) =>
    inner.kind === Kind.LIST
      ? inner.values.flatMap((scope) => (scope.kind === Kind.STRING ? [scope.value] : []))
      : [],
  );
}

function deprecation(node: { directives?: readonly ConstDirectiveNode[] }): string | null {
  if (!hasDirective(node, 'deprecated')) return null;
  const reason = directiveArgument(node, 'deprecated', 'reason');
  return reason?.kind === Kind.STRING ? reason.value : 'No longer supported';
}

function keys(node: { directives?: readonly ConstDirectiveNode[] }): string[] {
  return (node.directives ?? [])
    .filter((directive) => directiveName(directive) === 'key')
    .flatMap((directive) => {
      const fields = directive.arguments?.find((arg) => arg.name.value === 'fields')?.value;
      return fields?.kind === Kind.STRING ? [fields.value] : [];
    });
}

function namedType(type: TypeNode): NamedTypeNode {
  return type.kind === Kind.NAMED_TYPE ? type : namedType(type.type);
}

const typeReference = (type: TypeNode): TypeReference => ({
  text: print(type),
  named: namedType(type).name.value,
});

const visible = (node: { name: { value: string }; directives?: readonly ConstDirectiveNode[] }) =>
  !isInternalName(node.name.value) && !hasDirective(node, 'inaccessible');

function toArgument(node: InputValueDefinitionNode): SchemaArgument {
  return {
    name: node.name.value,
    description: node.description?.value ?? null,
    type: typeReference(node.type),
    defaultValue: node.defaultValue ? print(node.defaultValue) : null,
  };
}

function toField(node: FieldDefinitionNode | InputValueDefinitionNode): SchemaField {
  const args = node.kind === Kind.FIELD_DEFINITION ? (node.arguments ?? []) : [];
  return {
    name: node.name.value,
    description: node.description?.value ?? null,
    type: typeReference(node.type),
    args: args.filter(visible).map(toArgument),
    deprecation: deprecation(node),
    requiredScopes: requiredScopes(node),
  };
}

function toEnumValue(node: EnumValueDefinitionNode): SchemaEnumValue {
  return {
    name: node.name.value,
    description: node.description?.value ?? null,
    deprecation: deprecation(node),
  };
}

function kindOf(definition: DefinitionNode): SchemaTypeKind | null {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
      return 'object';
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_EXTENSION:
      return 'interface';
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
      return 'input';
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION:
      return 'enum';
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_EXTENSION:
      return 'scalar';
    case Kind.UNION_TYPE_DEFINITION:
    case Kind.UNION_TYPE_EXTENSION:
      return 'union';
    default:
      return null;
  }
}

/**
 * The documented types of an SDL: root operation types first, then the rest in source order; definitions
 * and extensions of one type merged. Throws graphql's `GraphQLError` when the SDL does not parse.
 */
export function describeSchema(sdl: string): SchemaType[] {
  const byName = new Map<string, SchemaType>();
  for (const definition of parse(sdl, { noLocation: true }).definitions) {
    const kind = kindOf(definition);
    if (kind === null || !('name' in definition) || !definition.name) continue;
    const node = definition as typeof definition & {
      name: { value: string };
      description?: { value: string };
      directives?: readonly ConstDirectiveNode[];
    };
    if (!visible(node)) continue;
    const name = node.name.value;
    const type: SchemaType = byName.get(name) ?? {
      name,
      kind,
      description: null,
      keys: [],
      interfaces: [],
      fields: [],
      values: [],
      members: [],
      requiredScopes: [],
    };
    type.description ??= node.description?.value ?? null;
    type.keys.push(...keys(node));
    type.requiredScopes.push(...requiredScopes(node));
    if ('interfaces' in definition) {
      type.interfaces.push(...(definition.interfaces ?? []).map((iface) => iface.name.value));
    }
    if ('fields' in definition) {
      const fields = (definition.fields ?? []) as readonly (FieldDefinitionNode | InputValueDefinitionNode)[];
      type.fields.push(...fields.filter(visible).map(toField));
    }
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_EXTENSION) {
      type.values.push(...(definition.values ?? []).filter(visible).map(toEnumValue));
    }
    if (definition.kind === Kind.UNION_TYPE_DEFINITION || definition.kind === Kind.UNION_TYPE_EXTENSION) {
      type.members.push(...(definition.types ?? []).map((member) => member.name.value));
    }
    byName.set(name, type);
  }
  const types = [...byName.values()];
  const roots = ROOT_TYPES.flatMap((root) => types.filter((type) => type.name === root));
  return [...roots, ...types.filter((type) => !ROOT_TYPES.includes(type.name))];
}

/** How many members a type has, for its summary line: fields, enum values or union members. */
export function memberSummary(type: SchemaType): string {
  const count = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`;
  switch (type.kind) {
    case 'enum':
      return count(type.values.length, 'value');
    case 'union':
      return count(type.members.length, 'member');
    case 'scalar':
      return 'scalar';
    default:
      return count(type.fields.length, 'field');
  }
}
