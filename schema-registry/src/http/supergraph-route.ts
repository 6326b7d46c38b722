import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@mesh/product-kit';
import { requireRead, type Principal } from '../auth';
import { badInput, RegistryError, RegistryErrorCode } from '../errors';
import type { RegistryContext } from '../operations/context';

const etagOf = (id: string) => `"${id}"`;
const parseEtag = (header: string | undefined) =>
  header?.trim().replace(/^W\//, '').replace(/^"|"$/g, '') || null;

/**
 * GET /supergraph — the current supergraph SDL with `ETag: "<schema version id>"`. `If-None-Match` with the
 * current id answers 304; with `?wait=SECONDS` the request is held until a different version exists (or
 * the wait ends: 304), so a gateway learns of a publish within milliseconds without hammering the registry.
 */
export async function handleSupergraph(
  ctx: RegistryContext,
  principal: Principal,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  maxWaitSeconds: number,
): Promise<void> {
  requireRead(principal);
  const waitParam = url.searchParams.get('wait');
  const wait = waitParam === null ? 0 : Number(waitParam);
  if (!Number.isFinite(wait) || wait < 0)
    throw badInput('wait must be a number of seconds (0 or more).', { field: 'wait' });
  const known = parseEtag(req.headers['if-none-match'] as string | undefined);
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const current = await ctx.feed.waitForChange(known, Math.min(wait, maxWaitSeconds) * 1000, abort.signal);
  if (abort.signal.aborted) return;
  if (!current) {
    const head = await ctx.feed.current();
    if (!head) {
      throw new RegistryError(
        RegistryErrorCode.NotFound,
        'Nothing has been published yet: no supergraph. Publish a product first (mesh publish).',
      );
    }
    res.writeHead(304, { etag: etagOf(head.version.id), 'x-schema-version-seq': String(head.version.seq) });
    res.end();
    return;
  }
  const headers = {
    etag: etagOf(current.version.id),
    'x-schema-version-seq': String(current.version.seq),
    'cache-control': 'no-cache',
  };
  if (url.searchParams.get('format') === 'json') {
    sendJson(
      res,
      200,
      {
        id: current.version.id,
        seq: current.version.seq,
        createdAt: current.version.createdAt,
        supergraphSdl: current.supergraphSdl,
      },
      headers,
    );
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(current.supergraphSdl),
  });
  res.end(current.supergraphSdl);
}
