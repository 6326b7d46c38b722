import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** Stable codes of operation types the gateway does not serve over HTTP. */
export const OperationTypeCode = {
  SubscriptionNotSupported: 'SUBSCRIPTION_NOT_SUPPORTED',
  OperationNotSupported: 'OPERATION_NOT_SUPPORTED',
} as const;

/**
 * Operation types the gateway serves over HTTP. graphql-js 16 has no validation rule for an operation type
 * the schema lacks, so `subscription { … }` (or a mutation on a graph without mutations) used to reach the
 * query planner and fail there as a 500. Refused here instead, as the client's mistake (400), once the
 * operation is resolved: after Apollo's own answer to a non-query over GET (405), before any planning.
 */
export const servedOperationTypesPlugin: ApolloServerPlugin<object> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, schema }) {
        if (!operation) return;
        if (operation.operation === 'subscription')
          throw new GraphQLError(
            'Subscriptions are not served over HTTP by this gateway. Send a query instead (poll it for updates).',
            { extensions: { code: OperationTypeCode.SubscriptionNotSupported, http: { status: 400 } } },
          );
        if (!schema.getRootType(operation.operation))
          throw new GraphQLError(
            `This graph has no ${operation.operation} operations (no ${operation.operation} root type). Send a query instead.`,
            { extensions: { code: OperationTypeCode.OperationNotSupported, http: { status: 400 } } },
          );
      },
    };
  },
};
