import { Kind, parse, type ConstDirectiveNode, type DocumentNode } from 'graphql';

/** Which products (join__Graph values) resolve each `Type.field`, and where each product is. */
export interface SupergraphRouting {
  /** Graphs that resolve the field; an empty set when the supergraph does not know it. */
  graphsOf(typeName: string, fieldName: string): ReadonlySet<string>;
  /** The product behind a graph: its name and GraphQL URL (`@join__graph(name:, url:)`). */
  endpoint(graph: string): { name: string; url: string } | undefined;
}

function argument(directive: ConstDirectiveNode, name: string): string | boolean | undefined {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  if (value?.kind === Kind.STRING || value?.kind === Kind.ENUM) return value.value;
  if (value?.kind === Kind.BOOLEAN) return value.value;
  return undefined;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Reads the routing of a supergraph SDL: a field with `@join__field(graph:)` directives is resolved by
 * those graphs (an `external` one only provides the key, it does not resolve it); a field without them by
 * every graph of its type's `@join__type`. The same reading as the access policy's (supergraphAccessPolicy).
 */
export function supergraphRouting(supergraph: DocumentNode): SupergraphRouting {
  const endpoints = new Map<string, { name: string; url: string }>();
  const typeGraphs = new Map<string, string[]>();
  const fieldGraphs = new Map<string, Set<string>>();
  for (const definition of supergraph.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((directive) => directive.name.value === 'join__graph');
        const name = graph && argument(graph, 'name');
        const url = graph && argument(graph, 'url');
        if (typeof name === 'string' && typeof url === 'string')
          endpoints.set(value.name.value, { name, url });
      }
    }
  }
  for (const definition of supergraph.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    )
      continue;
    const typeName = definition.name.value;
    const graphs = (definition.directives ?? [])
      .filter((directive) => directive.name.value === 'join__type')
      .map((directive) => argument(directive, 'graph'))
      .filter((graph): graph is string => typeof graph === 'string');
    typeGraphs.set(typeName, [...(typeGraphs.get(typeName) ?? []), ...graphs]);
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((directive) => directive.name.value === 'join__field');
      if (joins.length === 0) continue;
      fieldGraphs.set(
        `${typeName}.${field.name.value}`,
        new Set(
          joins
            .filter((directive) => argument(directive, 'external') !== true)
            .map((directive) => argument(directive, 'graph'))
            .filter((graph): graph is string => typeof graph === 'string'),
        ),
      );
    }
  }
  return {
    graphsOf: (typeName, fieldName) =>
      fieldGraphs.get(`${typeName}.${fieldName}`) ?? new Set(typeGraphs.get(typeName) ?? NONE),
    endpoint: (graph) => endpoints.get(graph),
  };
}

/** The routing of the supergraph being served, re-read only when it changes (hot reload). */
export function cachedRouting(sdl: () => string): () => SupergraphRouting | undefined {
  let cached: { sdl: string; routing: SupergraphRouting } | undefined;
  return () => {
    const current = sdl();
    if (!current) return undefined;
    if (cached?.sdl !== current) cached = { sdl: current, routing: supergraphRouting(parse(current)) };
    return cached.routing;
  };
}
