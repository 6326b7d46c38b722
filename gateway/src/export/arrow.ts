import { Bool, Float64, Table, tableToIPC, Utf8, vectorFromArray, type DataType } from 'apache-arrow';
import type { Column } from './plan';

/** End-of-stream marker of the Arrow IPC stream format: continuation token, then a zero length. */
const END_OF_STREAM = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** Length in bytes of the encapsulated message at `offset` (continuation, length, metadata, body). */
function messageLength(bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  const metadata = view.getInt32(4, true);
  // A schema message has no body; its metadata is padded to 8 bytes by the writer.
  return 8 + metadata;
}

function typeOf(values: unknown[]): DataType {
  const present = values.find((value) => value !== null && value !== undefined);
  if (typeof present === 'number') return new Float64();
  if (typeof present === 'boolean') return new Bool();
  return new Utf8();
}

function cell(type: DataType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type instanceof Float64) return typeof value === 'number' ? value : Number(value);
  if (type instanceof Bool) return Boolean(value);
  if (Array.isArray(value)) return value.map((item) => (item === null ? '' : String(item))).join(';');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Arrow IPC stream, one record batch per page: column types are fixed by the first page (numbers →
 * float64, booleans → bool, everything else → utf8), the schema message is written once, and the end
 * marker once at the end. A reader sees one stream however many pages the export follows.
 */
export function createArrowEncoder(columns: readonly Column[]) {
  let types: DataType[] | null = null;
  return {
    page(rows: readonly (readonly unknown[])[]): Uint8Array {
      const first = types === null;
      types ??= columns.map((_, i) => typeOf(rows.map((row) => row[i])));
      const vectors = Object.fromEntries(
        columns.map((column, i) => [
          column.name,
          vectorFromArray(
            rows.map((row) => cell(types![i]!, row[i])),
            types![i]!,
          ),
        ]),
      );
      const bytes = tableToIPC(new Table(vectors), 'stream');
      const start = first ? 0 : messageLength(bytes, 0);
      return bytes.subarray(start, bytes.length - END_OF_STREAM.length);
    },
    end(): Uint8Array {
      return END_OF_STREAM;
    },
  };
}
