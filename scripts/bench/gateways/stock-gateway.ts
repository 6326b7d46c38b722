/**
 * Child process: stock Apollo Gateway, set up the way its documentation (and the public benchmark's
 * gateways/apollo-gateway/index.ts) shows: `new ApolloGateway({ supergraphSdl })` inside
 * `new ApolloServer({ gateway })`, served by `startStandaloneServer`. Only the logger differs (silent).
 *
 * IPC: receives { type: 'start', supergraphSdl }, answers { type: 'ready', url }. Exits when the parent goes away.
 */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function start(supergraphSdl: string) {
  const gateway = new ApolloGateway({ supergraphSdl, logger: silent });
  const server = new ApolloServer({ gateway, logger: silent });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.send?.({ type: 'ready', url });
}

process.on('message', (message: { type?: string; supergraphSdl?: string }) => {
  if (message.type !== 'start' || !message.supergraphSdl) return;
  start(message.supergraphSdl).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
