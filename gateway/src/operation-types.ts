import { GraphQLError, type ValidationRule } from 'graphql';
import { LimitCode } from './protection';

/**
 * Operation types the gateway serves over HTTP. graphql-js 16 has no validation rule for an operation type
 * the schema lacks, so `subscription { … }` (or a mutation on a graph without mutations) used to reach the
 * query planner and fail there as a 500. Refused here instead, as the client's mistake (400), with a code.
 */
export const servedOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === 'subscription') {
      context.reportError(
        new GraphQLError(
          'Subscriptions are not served over HTTP by this gateway. Send a query instead (poll it for updates).',
          { nodes: node, extensions: { code: LimitCode.SubscriptionNotSupported } },
        ),
      );
    } else if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(
        new GraphQLError(
          `This graph has no ${node.operation} operations (no ${node.operation} root type). Send a query instead.`,
          { nodes: node, extensions: { code: LimitCode.OperationNotSupported } },
        ),
      );
    }
  },
});
