import { Kind, parse, print, type DocumentNode, type FieldDefinitionNode } from 'graphql';
import type { AppDefinition } from './types';

/**
 * App metadata and the SDL must agree: every app points at an existing field whose arguments are exactly
 * its parameters, with the same types. Checked at start-up so a product cannot advertise a form that its
 * API would reject.
 */
export function checkAppsAgainstSchema(
  typeDefs: string | DocumentNode,
  apps: readonly AppDefinition[],
): string[] {
  const document = typeof typeDefs === 'string' ? parse(typeDefs) : typeDefs;
  const fields = new Map<string, FieldDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
      continue;
    for (const field of definition.fields ?? [])
      fields.set(`${definition.name.value}.${field.name.value}`, field);
  }
  const problems: string[] = [];
  const names = new Set<string>();
  for (const app of apps) {
    if (names.has(app.name)) problems.push(`app ${app.name} is declared twice`);
    names.add(app.name);
    const field = fields.get(`${app.target}.${app.field}`);
    if (!field) {
      problems.push(`app ${app.name}: the schema has no field ${app.target}.${app.field}`);
      continue;
    }
    const args = new Map((field.arguments ?? []).map((arg) => [arg.name.value, print(arg.type)]));
    for (const parameter of app.parameters) {
      const type = args.get(parameter.name);
      if (type === undefined)
        problems.push(`app ${app.name}: ${app.target}.${app.field} has no argument ${parameter.name}`);
      else if (type !== parameter.type)
        problems.push(
          `app ${app.name}: argument ${parameter.name} is ${type} in the schema, ${parameter.type} in the metadata`,
        );
      args.delete(parameter.name);
    }
    for (const extra of args.keys())
      problems.push(`app ${app.name}: argument ${extra} of ${app.target}.${app.field} is not described`);
  }
  return problems;
}
