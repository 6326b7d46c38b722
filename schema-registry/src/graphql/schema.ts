import { buildASTSchema, parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { registryResolvers } from './resolvers';
import { registryTypeDefs } from './type-defs';

/**
 * Builds the executable schema: SDL first, resolvers attached by type and field name. (The JSON scalar
 * keeps graphql-js's identity serialisation.)
 */
export function makeExecutableSchemaFromDefs(): GraphQLSchema {
  const schema = buildASTSchema(parse(registryTypeDefs));
  for (const [typeName, fields] of Object.entries(registryResolvers)) {
    const type = schema.getType(typeName);
    if (!type) throw new Error(`Resolvers for unknown type ${typeName}`);
    const typeFields = (
      type as unknown as { getFields(): Record<string, { resolve?: unknown }> }
    ).getFields();
    for (const [fieldName, resolve] of Object.entries(fields as Record<string, unknown>)) {
      const field = typeFields[fieldName];
      if (!field) throw new Error(`Resolver for unknown field ${typeName}.${fieldName}`);
      field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}
