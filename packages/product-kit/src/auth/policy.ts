import {
  Kind,
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type TypeNode,
} from 'graphql';
import { aggregateFields } from './aggregate-surface';
import { aggregateScope, readScope, type Caller } from './caller';

/**
 * What reading one field takes. Every entry of `scopes` must hold; each entry is a list of alternatives
 * (OR), each alternative a list of scopes that must all be granted (AND), as in `@requiresScopes`.
 */
export interface AccessRequirement {
  authenticated: boolean;
  scopes: string[][][];
}

/** `Type.field` → requirement; fields not listed are open to everyone. */
export type AccessPolicy = Map<string, AccessRequirement>;

export type Denial =
  | { code: 'UNAUTHENTICATED'; message: string }
  | { code: 'FORBIDDEN'; message: string; requiredScopes: string[][] };

function nameOf(directive: ConstDirectiveNode): string {
  return directive.name.value.replace(/^federation__/, '');
}

function scopesArgument(args: readonly ConstArgumentNode[] | undefined): string[][] {
  const value = args?.find((arg) => arg.name.value === 'scopes')?.value;
  if (!value || value.kind !== Kind.LIST) return [];
  return value.values.map((alternative) =>
    alternative.kind === Kind.LIST
      ? alternative.values.flatMap((scope) => (scope.kind === Kind.STRING ? [scope.value] : []))
      : [],
  );
}

/** The requirement the `@authenticated` / `@requiresScopes` directives of one element declare, if any. */
export function requirementOfDirectives(
  directives: readonly ConstDirectiveNode[] | undefined,
): AccessRequirement | null {
  let requirement: AccessRequirement | null = null;
  for (const directive of directives ?? []) {
    const name = nameOf(directive);
    if (name === 'authenticated') {
      requirement ??= { authenticated: false, scopes: [] };
      requirement.authenticated = true;
    } else if (name === 'requiresScopes') {
      requirement ??= { authenticated: false, scopes: [] };
      requirement.authenticated = true;
      requirement.scopes.push(scopesArgument(directive.arguments));
    }
  }
  return requirement;
}

export function mergeRequirements(
  a: AccessRequirement | null | undefined,
  b: AccessRequirement | null | undefined,
): AccessRequirement | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return { authenticated: a.authenticated || b.authenticated, scopes: [...a.scopes, ...b.scopes] };
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function satisfiesAlternatives(granted: ReadonlySet<string>, alternatives: string[][]): boolean {
  return alternatives.some((all) => all.every((scope) => granted.has(scope)));
}

/** Null when the caller may read the field; otherwise why not, in words a user can act on. */
export function checkAccess(
  caller: Caller,
  coordinate: string,
  requirement: AccessRequirement | undefined,
  granted: ReadonlySet<string> = new Set(caller.scopes),
): Denial | null {
  if (!requirement) return null;
  if (requirement.authenticated && caller.kind === 'anonymous') {
    return {
      code: 'UNAUTHENTICATED',
      message: `${coordinate} requires you to be signed in: send "Authorization: Bearer <token>" (a JWT from your identity provider or an API token).`,
    };
  }
  for (const alternatives of requirement.scopes) {
    if (alternatives.length > 0 && !satisfiesAlternatives(granted, alternatives)) {
      const needed = alternatives.map((all) => all.join(' and ')).join(' or ');
      return {
        code: 'FORBIDDEN',
        message: `${coordinate} requires scope ${needed}; ${caller.name ?? caller.subject ?? 'you'} ${
          caller.roles.length > 0 ? `(roles: ${caller.roles.join(', ')})` : ''
        } ${caller.scopes.length > 0 ? 'may not read it' : 'has no scopes'}. Ask the product's owner for access.`
          .replace(/\s+/g, ' ')
          .trim(),
        requiredScopes: alternatives,
      };
    }
  }
  return null;
}

/** A short, stable key of what a caller may see: callers with equal keys get equal authorization results. */
export function permissionKey(caller: Caller): string {
  return `${caller.kind === 'anonymous' ? 'anon' : 'auth'}:${[...caller.scopes].sort().join(' ')}`;
}

function typeRequirements(document: DocumentNode): Map<string, AccessRequirement> {
  const byType = new Map<string, AccessRequirement>();
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      definition.kind === Kind.INTERFACE_TYPE_EXTENSION ||
      definition.kind === Kind.SCALAR_TYPE_DEFINITION ||
      definition.kind === Kind.ENUM_TYPE_DEFINITION ||
      definition.kind === Kind.UNION_TYPE_DEFINITION
    ) {
      const requirement = requirementOfDirectives(definition.directives as readonly ConstDirectiveNode[]);
      if (requirement) {
        const name = definition.name.value;
        byType.set(name, mergeRequirements(byType.get(name), requirement)!);
      }
    }
  }
  return byType;
}

function* objectFields(document: DocumentNode) {
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
      definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      definition.kind === Kind.INTERFACE_TYPE_EXTENSION
    ) {
      for (const field of definition.fields ?? []) yield { definition, field };
    }
  }
}

/** Product identity fields (`<name>Product: DataProduct!`) and federation plumbing stay open. */
function alwaysOpen(typeName: string, field: FieldDefinitionNode): boolean {
  return typeName === 'Query' && (namedType(field.type) === 'DataProduct' || field.name.value === '_service');
}

/**
 * What a private product's field takes: `<product>:read`, or also `<product>:aggregate` when the field is
 * part of the aggregate surface (aggregateFields). One rule for the products and the gateway.
 */
function tierRequirement(products: readonly string[], aggregate: boolean): AccessRequirement {
  const unique = [...new Set(products)];
  return {
    authenticated: true,
    scopes: [
      [
        ...unique.map((product) => [readScope(product)]),
        ...(aggregate ? unique.map((product) => [aggregateScope(product)]) : []),
      ],
    ],
  };
}

/**
 * The access policy of one product, from its own subgraph SDL: the fields' and types' `@authenticated` /
 * `@requiresScopes`, and, when the product is private, the tier of every field: `<product>:read` or
 * `<product>:aggregate` on the aggregate surface (analyses, groups, counts), `<product>:read` on the rest
 * (row-level values), `_entities` open to both tiers (each entity field then checks its own). The
 * identity field stays open.
 */
export function productAccessPolicy(
  document: DocumentNode,
  options: { product: string; visibility: 'public' | 'private' },
): AccessPolicy {
  const policy: AccessPolicy = new Map();
  const byType = typeRequirements(document);
  const surface =
    options.visibility === 'private' ? aggregateFields(document, { groupMembers: true }) : new Set<string>();
  for (const { definition, field } of objectFields(document)) {
    const typeName = definition.name.value;
    if (alwaysOpen(typeName, field)) continue;
    const coordinate = `${typeName}.${field.name.value}`;
    // The tier first: an aggregate-only caller is told it needs <product>:read, whatever else the field takes.
    const requirement = mergeRequirements(
      options.visibility === 'private' ? tierRequirement([options.product], surface.has(coordinate)) : null,
      mergeRequirements(
        requirementOfDirectives(field.directives as readonly ConstDirectiveNode[]),
        byType.get(namedType(field.type)),
      ),
    );
    if (requirement) policy.set(coordinate, requirement);
  }
  if (options.visibility === 'private')
    policy.set('Query._entities', tierRequirement([options.product], true));
  return policy;
}

function argumentString(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined;
}

function argumentBoolean(directive: ConstDirectiveNode, name: string): boolean {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.BOOLEAN && value.value;
}

/** Types reachable from the product identity type (DataProduct, its apps…): metadata, open to everyone. */
function metadataTypes(document: DocumentNode): Set<string> {
  const fieldsOf = new Map<string, FieldDefinitionNode[]>();
  for (const { definition, field } of objectFields(document)) {
    const list = fieldsOf.get(definition.name.value) ?? [];
    list.push(field);
    fieldsOf.set(definition.name.value, list);
  }
  const open = new Set<string>();
  const queue = ['DataProduct'];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (open.has(name) || !fieldsOf.has(name)) continue;
    open.add(name);
    for (const field of fieldsOf.get(name)!) queue.push(namedType(field.type));
  }
  return open;
}

/**
 * The access policy of a composed supergraph: the directives every product declared, plus product-level
 * visibility. A field served only by private products needs the read scope of one of them; a field any
 * public product serves stays open. Products whose visibility is unknown count as private (fail closed).
 */
export function supergraphAccessPolicy(
  supergraph: DocumentNode,
  visibility: (product: string) => 'public' | 'private',
): AccessPolicy {
  const policy: AccessPolicy = new Map();
  const byType = typeRequirements(supergraph);
  // join__Graph enum value → product name.
  const graphNames = new Map<string, string>();
  for (const definition of supergraph.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((directive) => directive.name.value === 'join__graph');
        graphNames.set(value.name.value, (graph && argumentString(graph, 'name')) ?? value.name.value);
      }
    }
  }
  const openTypes = metadataTypes(supergraph);
  const surface = aggregateFields(supergraph);
  const graphsOfType = new Map<string, string[]>();
  for (const definition of supergraph.definitions) {
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.INTERFACE_TYPE_DEFINITION) &&
      definition.directives
    ) {
      graphsOfType.set(
        definition.name.value,
        definition.directives
          .filter((directive) => directive.name.value === 'join__type')
          .map((directive) => argumentString(directive, 'graph') ?? ''),
      );
    }
  }
  for (const { definition, field } of objectFields(supergraph)) {
    const typeName = definition.name.value;
    if (typeName.startsWith('join__') || typeName.startsWith('link__') || alwaysOpen(typeName, field))
      continue;
    const declared = mergeRequirements(
      requirementOfDirectives(field.directives as readonly ConstDirectiveNode[]),
      byType.get(namedType(field.type)),
    );
    const joinFields = (field.directives ?? []).filter((directive) => directive.name.value === 'join__field');
    const graphs = joinFields.length
      ? joinFields
          .filter((directive) => !argumentBoolean(directive, 'external'))
          .map((directive) => argumentString(directive, 'graph'))
          .filter((graph): graph is string => Boolean(graph))
      : (graphsOfType.get(typeName) ?? []);
    const products = graphs.map((graph) => graphNames.get(graph) ?? graph.toLowerCase());
    const coordinate = `${typeName}.${field.name.value}`;
    const requirement =
      !openTypes.has(typeName) &&
      products.length > 0 &&
      products.every((product) => visibility(product) === 'private')
        ? mergeRequirements(tierRequirement(products, surface.has(coordinate)), declared)
        : declared;
    if (requirement) policy.set(coordinate, requirement);
  }
  return policy;
}
