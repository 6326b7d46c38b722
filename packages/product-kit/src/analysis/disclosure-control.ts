import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Caller } from '../auth/caller';
import { discloseAggregate } from './disclose-result';
import { disclosureModeOf } from './disclosure';
import type { AnalysisResult, AppDefinition } from './types';

/**
 * Disclosure control where the data is: every app field the product declares (its `apps` metadata, so a
 * new app is covered without code) hands aggregate-only callers the AGGREGATE form of its result, and
 * says which mode produced it. Row-level callers get the result as computed, its hash unchanged.
 */
export function applyDisclosureControl(
  schema: GraphQLSchema,
  apps: readonly AppDefinition[],
  options: { product: string; visibility: 'public' | 'private'; minCellSize: number },
): void {
  for (const app of apps) {
    const type = schema.getType(app.target);
    if (!type || !isObjectType(type)) continue;
    const field = type.getFields()[app.field];
    if (!field) continue;
    const resolve: GraphQLFieldResolver<unknown, { caller?: Caller }> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context, info) => {
      const result = (await resolve(source, args, context, info)) as AnalysisResult;
      const mode = disclosureModeOf(context.caller, options.product, options.visibility);
      if (mode === 'AGGREGATE') return discloseAggregate(result, app, options.minCellSize);
      return { ...result, disclosure: { mode, minCellSize: options.minCellSize, suppressedCells: 0 } };
    };
  }
}
