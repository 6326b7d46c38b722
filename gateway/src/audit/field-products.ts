import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from 'graphql';

/** `Type.field` → the products that resolve it, read from the supergraph's `@join__*` directives. */
export type FieldProducts = ReadonlyMap<string, readonly string[]>;

const stringArgument = (directive: ConstDirectiveNode, name: string) => {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING || value?.kind === Kind.ENUM ? value.value : undefined;
};
const isTrue = (directive: ConstDirectiveNode, name: string) => {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.BOOLEAN && value.value;
};

/**
 * Which product each field of a supergraph comes from, as the audit attributes reads: a field's own
 * `@join__field(graph:)` (not `external`), else every graph of its type's `@join__type`.
 */
export function fieldProductsOf(supergraph: DocumentNode): FieldProducts {
  const graphNames = new Map<string, string>();
  for (const definition of supergraph.definitions)
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph')
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((directive) => directive.name.value === 'join__graph');
        graphNames.set(value.name.value, (graph && stringArgument(graph, 'name')) ?? value.name.value);
      }
  const productOf = (graph: string) => graphNames.get(graph) ?? graph.toLowerCase();
  const result = new Map<string, string[]>();
  for (const definition of supergraph.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    )
      continue;
    const typeName = definition.name.value;
    if (typeName.startsWith('join__') || typeName.startsWith('link__')) continue;
    const typeGraphs = (definition.directives ?? [])
      .filter((directive) => directive.name.value === 'join__type')
      .flatMap((directive) => stringArgument(directive, 'graph') ?? []);
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((directive) => directive.name.value === 'join__field');
      const graphs = joins.length
        ? joins
            .filter((join) => !isTrue(join, 'external'))
            .flatMap((join) => stringArgument(join, 'graph') ?? [])
        : typeGraphs;
      result.set(`${typeName}.${field.name.value}`, [...new Set(graphs.map(productOf))]);
    }
  }
  return result;
}

/** Cached per supergraph text: it changes only on a reload. */
export function fieldProductsCache(): (supergraphSdl: string) => FieldProducts {
  let last: { sdl: string; map: FieldProducts } | undefined;
  return (sdl) => {
    if (last?.sdl !== sdl) last = { sdl, map: sdl ? fieldProductsOf(parse(sdl)) : new Map() };
    return last.map;
  };
}
