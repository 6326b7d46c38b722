import { GraphQLError } from 'graphql';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from './pagination';

function inputError(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('expected a GraphQLError');
}

describe('cursors', () => {
  it('round-trips keys of either type', () => {
    expect(decodeCursor('patients', encodeCursor('patients', 'PAT-000042'))).toBe('PAT-000042');
    expect(decodeCursor('genes', encodeCursor('genes', 17))).toBe(17);
  });

  it.each([
    ['garbage', 'not-a-cursor!!'],
    ['valid base64 but not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON without a key', Buffer.from('{"k":"patients"}').toString('base64url')],
    ['a cursor of another list', encodeCursor('genes', 'TP53')],
  ])('rejects %s with MALFORMED_CURSOR', (_, cursor) => {
    const error = inputError(() => decodeCursor('patients', cursor));
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MALFORMED_CURSOR',
      argument: 'after',
    });
    expect(error.message).toContain('pageInfo.endCursor');
  });
});

describe('checkPageSize', () => {
  it('defaults, accepts the range bounds, and rejects outside them', () => {
    expect(checkPageSize(undefined, 100, 20)).toBe(20);
    expect(checkPageSize(0, 100, 20)).toBe(0);
    expect(checkPageSize(100, 100, 20)).toBe(100);
    for (const bad of [-1, 101, 1.5]) {
      const error = inputError(() => checkPageSize(bad, 100, 20));
      expect(error.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'PAGE_SIZE_OUT_OF_RANGE',
        max: 100,
      });
    }
  });
});

describe('toConnection', () => {
  it('uses the extra row only to tell that another page exists', () => {
    const page = toConnection([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 2, 'x', (row) => row.id);
    expect(page.nodes.map((row) => row.id)).toEqual(['a', 'b']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor('x', page.pageInfo.endCursor!)).toBe('b');
    const last = toConnection([{ id: 'a' }], 2, 'x', (row) => row.id);
    expect(last.pageInfo.hasNextPage).toBe(false);
    expect(toConnection([], 2, 'x', () => '').pageInfo.endCursor).toBeNull();
  });
});
