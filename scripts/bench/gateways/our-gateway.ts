/**
 * Child process: our gateway (`startGateway` of @mesh/gateway) in compose mode over the benchmark subgraphs,
 * with its defaults (auth, protection limits, metrics, resilience, in-flight de-duplication…) except:
 * - the four benchmark subgraphs are declared public (they are not mesh products: they have no product
 *   identity field, so the gateway would treat them as private, fail closed, and refuse anonymous callers);
 * - a silent logger.
 * The default protection limits (maxDepth 15, maxAliases 30, maxTokens 10 000, maxCost 1 000 000) admit
 * TestQuery, so none is raised.
 *
 * IPC: receives { type: 'start', subgraphs }, answers { type: 'ready', url }. Exits when the parent goes away.
 */
import { startGateway } from '@mesh/gateway';
import { createLogger } from '@mesh/product-kit';

async function start(subgraphs: { name: string; url: string }[]) {
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    subgraphs,
    logger: createLogger('gateway', 'silent'),
    auth: {
      productVisibility: Object.fromEntries(subgraphs.map(({ name }) => [name, 'public' as const])),
    },
  });
  process.send?.({ type: 'ready', url: gateway.url, origin: gateway.origin });
}

process.on('message', (message: { type?: string; subgraphs?: { name: string; url: string }[] }) => {
  if (message.type !== 'start' || !message.subgraphs) return;
  start(message.subgraphs).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
