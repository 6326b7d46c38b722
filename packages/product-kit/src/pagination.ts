import { badUserInput, InputErrorReason } from './errors';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/**
 * Cursors are opaque to clients: base64url JSON with the kind of list they belong to, so a cursor from
 * one list cannot be replayed against another.
 */
export function encodeCursor(kind: string, key: string | number): string {
  return Buffer.from(JSON.stringify({ k: kind, v: key }), 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string, argument = 'after'): string | number {
  const hint = `Pass pageInfo.endCursor from the previous page unchanged, or omit \`${argument}\` to start at the first page.`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const value = (parsed as { k?: unknown; v?: unknown } | undefined)?.v;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    (parsed as { k?: unknown }).k !== kind ||
    (typeof value !== 'string' && typeof value !== 'number')
  ) {
    throw badUserInput(`Malformed cursor for ${kind}. ${hint}`, {
      reason: InputErrorReason.MalformedCursor,
      argument,
    });
  }
  return value;
}

/** Validates a page size against the list's maximum. Zero is allowed: it asks for counts only. */
export function checkPageSize(first: number | null | undefined, max: number, fallback: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > max) {
    throw badUserInput(
      `\`first\` must be between 0 and ${max} (got ${size}). Fetch further pages with \`after: pageInfo.endCursor\`.`,
      { reason: InputErrorReason.PageSizeOutOfRange, argument: 'first', max },
    );
  }
  return size;
}

/**
 * Builds a connection from rows fetched with `limit: first + 1`: the extra row only tells whether
 * another page exists.
 */
export function toConnection<T>(
  rows: T[],
  first: number,
  kind: string,
  keyOf: (row: T) => string | number,
): Connection<T> {
  const hasNextPage = rows.length > first;
  const nodes = hasNextPage ? rows.slice(0, first) : rows;
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    pageInfo: { hasNextPage, endCursor: last === undefined ? null : encodeCursor(kind, keyOf(last)) },
  };
}
