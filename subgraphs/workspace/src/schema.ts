import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import {
  analysisTypeDefs,
  enforceAccessPolicy,
  kitTypeDefs,
  productAccessPolicy,
  type ProductIdentity,
} from '@mesh/product-kit';
import { parse, type GraphQLSchema } from 'graphql';
import { workspaceProduct } from './product';
import { resolvers, type WorkspaceContext } from './resolvers';

/**
 * The subgraph schema: schema.graphql plus the kit's shared types (DataProduct, PageInfo; the analysis
 * types because DataProduct.apps names AnalysisApp, and the JSON scalar, whose default identity coercion
 * is exactly what JSON needs). `@requiresScopes` is enforced in-process, so a direct call (including
 * `_entities`) meets the same rules as one through the gateway; `workspaceProduct` stays open.
 */
export function buildWorkspaceSchema(identity: Omit<ProductIdentity, 'dataVersion'>): GraphQLSchema {
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(workspaceProduct.typeDefs),
      resolvers: resolvers as GraphQLResolverMap<WorkspaceContext>,
    },
    {
      typeDefs: parse(`${kitTypeDefs(workspaceProduct.name)}\n${analysisTypeDefs}`),
      resolvers: {
        Query: {
          [`${workspaceProduct.name}Product`]: async (
            _: unknown,
            __: unknown,
            { storage }: WorkspaceContext,
          ) => ({
            ...identity,
            dataVersion: await storage.dataVersion(),
            apps: [],
          }),
        },
      } as GraphQLResolverMap<WorkspaceContext>,
    },
  ]);
  enforceAccessPolicy(
    schema,
    productAccessPolicy(parse(workspaceProduct.typeDefs), {
      product: workspaceProduct.name,
      visibility: workspaceProduct.visibility,
    }),
  );
  return schema;
}
