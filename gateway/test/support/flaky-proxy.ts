import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

/**
 * A pass-through HTTP proxy in front of a product, for resilience tests: `stall` holds requests without an
 * answer (a slow product), `dropNext` closes the connection of the next request (a connection error).
 */
export async function startFlakyProxy(target: string) {
  const held: ServerResponse[] = [];
  const state = { stall: false, dropNext: 0, seen: 0 };
  const server = http.createServer(async (req, res) => {
    state.seen += 1;
    if (state.dropNext > 0) {
      state.dropNext -= 1;
      req.socket.destroy();
      return;
    }
    if (state.stall) {
      held.push(res);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !['host', 'connection', 'content-length'].includes(name),
      ),
    ) as Record<string, string>;
    const upstream = await request(new URL(req.url ?? '/', target).toString(), {
      method: req.method as 'POST',
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(upstream.statusCode, { 'content-type': String(upstream.headers['content-type'] ?? '') });
    res.end(Buffer.from(await upstream.body.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/graphql`,
    state,
    /** Drops every held request and stops stalling. */
    release() {
      state.stall = false;
      for (const res of held.splice(0)) if (!res.writableEnded) res.destroy();
    },
    async close() {
      this.release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
