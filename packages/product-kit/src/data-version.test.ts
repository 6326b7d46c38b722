import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { computeDataVersion } from './data-version';

describe('computeDataVersion', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'data-version-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function makeDb(name: string, rows: [string, number | null, Buffer | null][]) {
    const file = join(dir, name);
    const db = new Database(file);
    db.exec('CREATE TABLE t (a TEXT, b REAL, c BLOB); CREATE TABLE other (x TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    for (const row of rows) insert.run(...row);
    db.close();
    return file;
  }

  it('depends on content only: equal rows give equal versions, any change gives another', () => {
    const base: [string, number | null, Buffer | null][] = [
      ['x', 1.5, Buffer.from([1, 2, 3])],
      ['y', null, null],
    ];
    const a = computeDataVersion(makeDb('a.sqlite', base), ['t']);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(computeDataVersion(makeDb('b.sqlite', base), ['t'])).toBe(a);
    expect(computeDataVersion(makeDb('c.sqlite', [base[0]!, ['y', 0, null]]), ['t'])).not.toBe(a);
    expect(
      computeDataVersion(makeDb('d.sqlite', [['x', 1.5, Buffer.from([1, 2, 4])], base[1]!]), ['t']),
    ).not.toBe(a);
  });

  it('is unchanged by VACUUM, which rewrites the file but not the data', () => {
    const file = makeDb('g.sqlite', [['x', 2, null]]);
    const before = computeDataVersion(file, ['t']);
    const db = new Database(file);
    db.exec('VACUUM');
    db.close();
    expect(computeDataVersion(file, ['t'])).toBe(before);
  });
});
