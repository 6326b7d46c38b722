/**
 * Child process: stock Apollo Gateway, set up the way its documentation (and the public benchmark's
 * gateways/apollo-gateway/index.ts) shows: `new ApolloGateway({ supergraphSdl })` inside
 * `new ApolloServer({ gateway })`, served by `startStandaloneServer`. Only the logger differs (silent).
 *
 * With `identityOf` (a demo user name), every subgraph fetch carries that user's signed identity header,
 * signed for its product and body in the data source's `fetcher` (the header is bound to the exact body
 * bytes, which `willSendRequest` does not see yet), so stock can call private products. It does not authenticate callers: every request runs as that one user.
 *
 * IPC: receives { type: 'start', supergraphSdl, identityOf? }, answers { type: 'ready', url }. Exits when the
 * parent goes away.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createIdentitySigner, DEV_IDENTITY_SECRET, IDENTITY_HEADER } from '@mesh/product-kit';
import { demoCaller } from '@mesh/testing';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function start(supergraphSdl: string, identityOf?: string) {
  const sign = createIdentitySigner(DEV_IDENTITY_SECRET);
  const caller = identityOf ? demoCaller(identityOf) : undefined;
  const gateway = new ApolloGateway({
    supergraphSdl,
    logger: silent,
    ...(caller && {
      buildService: ({ name, url }) =>
        new RemoteGraphQLDataSource({
          url,
          fetcher: (input, init) => {
            const headers = new Headers(init?.headers);
            headers.set(
              IDENTITY_HEADER,
              sign(caller, name, { method: 'POST', route: 'graphql', body: String(init?.body ?? '') }),
            );
            return fetch(input, { ...init, headers }) as never;
          },
        }),
    }),
  });
  const server = new ApolloServer({ gateway, logger: silent });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.send?.({ type: 'ready', url });
}

process.on('message', (message: { type?: string; supergraphSdl?: string; identityOf?: string }) => {
  if (message.type !== 'start' || !message.supergraphSdl) return;
  start(message.supergraphSdl, message.identityOf).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
