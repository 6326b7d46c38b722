import { createLoader, groupRows, indexRows, loaderFamily } from './loaders';

describe('row alignment', () => {
  it('indexRows gives one row or null per key, in key order', () => {
    const rows = [{ id: 'b' }, { id: 'a' }];
    expect(indexRows(['a', 'x', 'b'], rows, (row) => row.id)).toEqual([{ id: 'a' }, null, { id: 'b' }]);
  });

  it('groupRows gives a list per key, empty when none', () => {
    const rows = [
      { p: 'a', n: 1 },
      { p: 'b', n: 2 },
      { p: 'a', n: 3 },
    ];
    expect(groupRows(['a', 'c', 'b'], rows, (row) => row.p)).toEqual([
      [
        { p: 'a', n: 1 },
        { p: 'a', n: 3 },
      ],
      [],
      [{ p: 'b', n: 2 }],
    ]);
  });
});

describe('loaderFamily', () => {
  it('batches loads with equal arguments into one call, and separates different arguments', async () => {
    const calls: { args: number; keys: readonly string[] }[] = [];
    const family = loaderFamily((args: number) =>
      createLoader<string, string>(async (keys) => {
        calls.push({ args, keys });
        return keys.map((key) => `${key}:${args}`);
      }),
    );
    const results = await Promise.all([family(1).load('a'), family(1).load('b'), family(2).load('a')]);
    expect(results).toEqual(['a:1', 'b:1', 'a:2']);
    expect(calls).toEqual([
      { args: 1, keys: ['a', 'b'] },
      { args: 2, keys: ['a'] },
    ]);
  });
});
