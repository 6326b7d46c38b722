import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';

/**
 * The same gateway with its executor wrapped (authorization, the plan executor); loading, schema events and
 * stopping pass through to the inner gateway.
 */
export function wrapExecutor(
  inner: GatewayInterface,
  wrap: (executor: GatewayExecutor) => GatewayExecutor,
): GatewayInterface {
  return {
    async load(loadOptions) {
      const loaded = await inner.load(loadOptions);
      return { ...loaded, executor: loaded.executor ? wrap(loaded.executor) : null };
    },
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate(callback),
    stop: () => inner.stop(),
  };
}
