import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '@mesh/product-kit';
import { RegistryError, RegistryErrorCode } from '../errors';

export function sendRegistryError(res: ServerResponse, error: RegistryError): void {
  sendJson(res, error.status, error.toJson());
}

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads and parses a JSON body, or throws the registry error the client should get. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  let text: string;
  try {
    text = await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      throw new RegistryError(
        RegistryErrorCode.PayloadTooLarge,
        `Request body exceeds ${limit} bytes; send smaller batches.`,
      );
    }
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RegistryError(
      RegistryErrorCode.BadUserInput,
      `Request body is not valid JSON (${(error as Error).message}).`,
    );
  }
}

/** True when the client prefers HTML (a browser) over JSON-LD. */
export function prefersHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html') && !accept.includes('application/ld+json');
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** JSON-LD for machines (`application/ld+json`, the default), a small HTML page embedding it for browsers. */
export function sendJsonLd(
  req: IncomingMessage,
  res: ServerResponse,
  document: Record<string, unknown>,
): void {
  if (prefersHtml(req)) {
    const title = String(document.name ?? 'Catalogue');
    const json = JSON.stringify(document, null, 2).replace(/</g, '\\u003c');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<script type="application/ld+json">${json}</script></head><body><h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(String(document.description ?? ''))}</p><pre>${escapeHtml(JSON.stringify(document, null, 2))}</pre></body></html>`;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      vary: 'Accept',
      'content-length': Buffer.byteLength(html),
    });
    res.end(html);
    return;
  }
  const body = JSON.stringify(document);
  res.writeHead(200, {
    'content-type': 'application/ld+json; charset=utf-8',
    vary: 'Accept',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
