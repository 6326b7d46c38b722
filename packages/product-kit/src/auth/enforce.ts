import {
  defaultFieldResolver,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { Caller } from './caller';
import { checkAccess, type AccessPolicy } from './policy';

/** The error a refused field carries: stable code, the field's coordinate and what it takes. */
export function accessDeniedError(
  coordinate: string,
  denial: NonNullable<ReturnType<typeof checkAccess>>,
): GraphQLError {
  return new GraphQLError(denial.message, {
    extensions: {
      code: denial.code,
      field: coordinate,
      ...(denial.code === 'FORBIDDEN' ? { requiredScopes: denial.requiredScopes } : {}),
    },
  });
}

/**
 * Enforces the policy where the data is served: each listed field's resolver first checks the caller in
 * the request context (`context.caller`). A refused field resolves to an error (null in the answer), the
 * rest of the answer is unaffected. Mutates the schema's field resolvers in place.
 */
export function enforceAccessPolicy(schema: GraphQLSchema, policy: AccessPolicy): void {
  for (const [coordinate, requirement] of policy) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string];
    const type = schema.getType(typeName);
    if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
    const field = type.getFields()[fieldName];
    if (!field) continue;
    const resolve: GraphQLFieldResolver<unknown, { caller?: Caller }> = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) => {
      const caller = context.caller;
      const denial = caller
        ? checkAccess(caller, coordinate, requirement)
        : { code: 'UNAUTHENTICATED' as const, message: `${coordinate} requires an authenticated caller.` };
      if (denial) throw accessDeniedError(coordinate, denial);
      return resolve(source, args, context, info);
    };
  }
}
