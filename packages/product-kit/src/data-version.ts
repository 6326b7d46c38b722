import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

const FLUSH_AT = 1 << 16;

/**
 * Content hash of a data snapshot: every row of the given tables, in table-name and rowid order, with
 * each value's type. Independent of file layout (page size, free pages, vacuum), so only a change of
 * data changes it. Blobs are hashed as raw bytes.
 */
export function computeDataVersion(file: string, tables: readonly string[]): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    let chunk = '';
    const flush = () => {
      if (chunk.length > 0) hash.update(chunk);
      chunk = '';
    };
    for (const table of [...tables].sort()) {
      const statement = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}" ORDER BY rowid`).raw(true);
      chunk += `\u0001${table}\u0002${statement
        .columns()
        .map((c) => c.name)
        .join('\u0003')}\n`;
      for (const row of statement.iterate() as Iterable<unknown[]>) {
        for (const value of row) {
          if (Buffer.isBuffer(value)) {
            flush();
            hash.update(`b${value.length}:`);
            hash.update(value);
          } else if (value === null) {
            chunk += 'n;';
          } else {
            chunk += `${typeof value === 'number' || typeof value === 'bigint' ? 'd' : 's'}${String(value).length}:${String(value)};`;
          }
        }
        chunk += '\n';
        if (chunk.length > FLUSH_AT) flush();
      }
    }
    flush();
    return `sha256:${hash.digest('hex')}`;
  } finally {
    db.close();
  }
}
