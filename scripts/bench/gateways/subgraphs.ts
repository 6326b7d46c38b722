/**
 * Child process: the benchmark's four subgraphs, each a plain node:http server on an ephemeral port serving
 * POST /graphql (graphql-js over the @apollo/subgraph schema, parsed and validated documents cached) and
 * GET /health. Like the originals, an optional fixed delay per request (SUBGRAPH_DELAY_MS, default 0).
 *
 * IPC: sends { type: 'ready', urls } once listening; answers { type: 'stats' } with the request count of each
 * subgraph. Exits when the parent goes away.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { SUBGRAPH_NAMES, subgraphSchema, type SubgraphName } from './workload';

const delayMs = Number(process.env.SUBGRAPH_DELAY_MS ?? 0);
const counts = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, 0])) as Record<SubgraphName, number>;

function send(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function serve(name: SubgraphName, schema: GraphQLSchema): Promise<string> {
  const documents = new Map<string, DocumentNode | string>();
  const documentFor = (query: string): DocumentNode | string => {
    let document = documents.get(query);
    if (document === undefined) {
      try {
        const parsed = parse(query);
        const errors = validate(schema, parsed);
        document = errors.length ? JSON.stringify({ errors: errors.map((e) => e.toJSON()) }) : parsed;
      } catch (error) {
        document = JSON.stringify({ errors: [{ message: (error as Error).message }] });
      }
      if (documents.size > 1000) documents.clear();
      documents.set(query, document);
    }
    return document;
  };

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, '{"status":"ok"}');
    if (req.method !== 'POST' || req.url !== '/graphql')
      return send(res, 404, '{"errors":[{"message":"not found"}]}');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      counts[name] += 1;
      try {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          query?: string;
          variables?: Record<string, unknown>;
          operationName?: string;
        };
        const document = documentFor(body.query ?? '');
        if (typeof document === 'string') return send(res, 400, document);
        const result = await execute({
          schema,
          document,
          variableValues: body.variables,
          operationName: body.operationName,
        });
        send(res, 200, JSON.stringify(result));
      } catch (error) {
        send(res, 500, JSON.stringify({ errors: [{ message: (error as Error).message }] }));
      }
    });
  });
  // Outlive the gateways' idle keep-alive, so idle sockets are closed by the client side.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    });
  });
}

async function main() {
  const urls = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await serve(name, subgraphSchema(name))])),
  ) as Record<SubgraphName, string>;
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stats') process.send?.({ type: 'stats', counts: { ...counts } });
  });
  process.send?.({ type: 'ready', urls });
}

process.on('disconnect', () => process.exit(0));
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
