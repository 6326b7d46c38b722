import {
  defaultFieldResolver,
  getNamedType,
  GraphQLError,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Caller } from '../auth/caller';
import { ErrorCode } from '../errors';
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
  suppressSmallCounts(schema, options);
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

/** Types an app runs on (a field returns AnalysisResult): Cohort, CohortComparison… */
function isGroupType(type: GraphQLObjectType): boolean {
  return Object.values(type.getFields()).some((field) => getNamedType(field.type).name === 'AnalysisResult');
}

/**
 * The counts the aggregate tier may read outside results — `totalCount` of a list, and the Int fields of the
 * groups apps run on (a cohort's `size`, an overlap, a sample count) — are small cells too: for
 * aggregate-only callers a count from 1 to k−1 is refused with `SUPPRESSED` (the parent comes back null), so
 * "how many patients match these narrow criteria" cannot single anyone out. Zero is shown (it discloses no
 * individual). Differencing two overlapping queries is not prevented: see docs/ANALYSES.md.
 */
function suppressSmallCounts(
  schema: GraphQLSchema,
  options: { product: string; visibility: 'public' | 'private'; minCellSize: number },
): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'AnalysisResult') continue;
    const group = isGroupType(type);
    for (const field of Object.values(type.getFields())) {
      if (getNamedType(field.type).name !== 'Int') continue;
      if (field.name !== 'totalCount' && !group) continue;
      const resolve: GraphQLFieldResolver<unknown, { caller?: Caller }> =
        field.resolve ?? defaultFieldResolver;
      field.resolve = async (source, args, context, info) => {
        const value: unknown = await resolve(source, args, context, info);
        if (
          typeof value === 'number' &&
          value > 0 &&
          value < options.minCellSize &&
          disclosureModeOf(context.caller, options.product, options.visibility) === 'AGGREGATE'
        ) {
          throw new GraphQLError(
            `${type.name}.${field.name} is suppressed: fewer than ${options.minCellSize} individuals. Widen the criteria, or request ${options.product}:read.`,
            {
              extensions: {
                code: ErrorCode.Suppressed,
                minCellSize: options.minCellSize,
                field: `${type.name}.${field.name}`,
              },
            },
          );
        }
        return value;
      };
    }
  }
}
