import Database from 'better-sqlite3';
import type { Knex } from 'knex';
import type { ProductContext } from '../server';

/** What a row stream is asked for: the root field's arguments and whether to follow every page. */
export interface RowStreamRequest {
  /** The root field's arguments, coerced against the product's schema (defaults applied), as a resolver gets them. */
  args: Record<string, unknown>;
  /**
   * True: every row, as an export following `pageInfo.endCursor` would get (the page size is not a limit,
   * but is still validated as the resolver does; start after `after` when given). False: the one page the
   * resolver would answer (`first`, `after`).
   */
  all: boolean;
}

export interface RowStreamContext<TStorage> extends ProductContext<TStorage> {
  /**
   * Runs a query (built with the storage's own knex query code) row by row, on a read connection of the
   * stream's own (better-sqlite3 `iterate()`): rows are read as they are written out, never all at once.
   */
  iterate<T = Record<string, unknown>>(query: Knex.QueryBuilder | Knex.Raw): IterableIterator<T>;
}

/** Maps a storage row to the value of one leaf field, exactly as its resolver does. */
export type RowValue<TStorage, TRow> = (row: TRow, context: ProductContext<TStorage>) => unknown;

/**
 * The bulk read of one root list field (a connection's `nodes`, or a plain list): the storage rows, and for
 * each leaf field of the node type the function that computes its value from a row. Served at `POST /bulk`;
 * a selection with any other field is answered 422 BULK_NOT_SUPPORTED (the gateway then uses GraphQL).
 */
export interface RowStream<TStorage, TRow = never> {
  /** Synchronous rows in the order the resolver returns them, filtered by exactly the resolver's rules. */
  rows(request: RowStreamRequest, context: RowStreamContext<TStorage>): Iterable<TRow>;
  /** Leaf fields of the node type, by field name (`__typename` is known without one). */
  fields: Record<string, RowValue<TStorage, TRow>>;
}

/** Row streams by root field name (`Query.<name>`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each stream has its own row type
export type RowStreams<TStorage> = Record<string, RowStream<TStorage, any>>;

/** Types a row stream by its storage row (the identity function: for inference only). */
export function defineRowStream<TStorage, TRow>(
  stream: RowStream<TStorage, TRow>,
): RowStream<TStorage, TRow> {
  return stream;
}

function formatBinding(binding: unknown): unknown {
  if (binding instanceof Date) return binding.valueOf();
  if (typeof binding === 'boolean') return Number(binding);
  return binding;
}

/**
 * A read-only connection of one bulk stream, opened on first use: an open iterator must not hold the
 * product's shared connection (GraphQL requests keep being answered while a stream is read).
 */
export function openRowReader(file: string, onStatement: () => void = () => undefined) {
  let db: Database.Database | undefined;
  return {
    iterate<T>(query: Knex.QueryBuilder | Knex.Raw): IterableIterator<T> {
      db ??= new Database(file, { readonly: true, fileMustExist: true });
      const { sql, bindings } = query.toSQL().toNative();
      onStatement();
      return db.prepare(sql).iterate(bindings.map(formatBinding)) as IterableIterator<T>;
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}
