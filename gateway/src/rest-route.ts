import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { BodyTooLargeError, readRequestBody, sendJson } from '@mesh/product-kit';
import { AuthenticationError } from './auth/authenticate';

/**
 * The gateway's small REST routes (`/auth/*`, `/access-requests`, `/audit`) answer errors one way:
 * `{error: {code, message}}` with a 4xx status; a route throws RouteError, `handleRoute` answers it.
 */
export class RouteError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { code, message } }, headers);
}

/** The JSON body (`{}` when empty); 413 past `maxBytes`, 400 when it does not parse. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  try {
    const text = await readRequestBody(req, maxBytes);
    return text ? (JSON.parse(text) as unknown) : {};
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new RouteError(413, 'PAYLOAD_TOO_LARGE', `The body exceeds ${maxBytes / 1024} KiB.`);
    throw new RouteError(400, 'BAD_REQUEST', 'The body is not valid JSON.');
  }
}

/** The body checked against its schema; every problem in one 400 `BAD_REQUEST`. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new RouteError(
      400,
      'BAD_REQUEST',
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '),
    );
  return parsed.data;
}

/** Runs a route, answering RouteError and AuthenticationError (401) as coded errors; rethrows the rest. */
export const handleRoute =
  (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
  async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await handler(req, res);
    } catch (error) {
      if (error instanceof RouteError) sendError(res, error.status, error.code, error.message, error.headers);
      else if (error instanceof AuthenticationError) sendError(res, 401, 'UNAUTHENTICATED', error.message);
      else throw error;
    }
  };
