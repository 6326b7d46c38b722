import { collapseRepeatedInputErrors } from './server';

describe('collapseRepeatedInputErrors', () => {
  it('reports a repeated input error once with its count, and keeps every other error', () => {
    const bad = (path: number) => ({
      message: 'Unknown gene X',
      path: [path],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const other = { message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    const result = collapseRepeatedInputErrors([bad(0), other, bad(1), bad(2), other]);
    expect(result).toHaveLength(3);
    expect(result[0]).toMatchObject({ path: [0], extensions: { occurrences: 3 } });
    expect(result.filter((error) => error.message === 'boom')).toHaveLength(2);
  });
});
