import type { Caller } from '@mesh/product-kit';
import type { FieldProducts } from './field-products';

/** One product's share of one read: who, with what client, which fields, how many rows, how it ended. */
export interface AuditEvent {
  /** Epoch milliseconds. */
  at: number;
  product: string;
  subject: string | null;
  callerName: string | null;
  authKind: Caller['kind'];
  /** API tokens: the token's id (never the secret). */
  tokenId: string | null;
  clientName: string | null;
  clientVersion: string | null;
  operationName: string | null;
  /** SHA-256 of the operation text: the text itself may hold literal values (patient ids), so it is not kept. */
  operationHash: string | null;
  /** `Type.field` coordinates read from this product. */
  fields: string[];
  /** Coordinates of this product the caller asked for and was refused. */
  refused: string[];
  /** Best effort: rows of this product's root lists in the answer, or rows streamed by an export. */
  rows: number | null;
  /** Set for `/export`: csv, ndjson or arrow. */
  exportFormat: string | null;
  outcome: 'ok' | 'partial' | 'error';
}

/** Longest text kept of a client-supplied value (names, versions): the audit is not a dump of headers. */
const MAX_TEXT = 200;
const clip = (value: string | undefined | null) => (value ? value.slice(0, MAX_TEXT) : null);

type Headers = { get(name: string): string | undefined | null };

/** The client: the conventional client-name/-version headers, else the user agent. */
export function clientOf(headers: Headers | undefined): { name: string | null; version: string | null } {
  const first = (...names: string[]) =>
    names
      .map((name) => headers?.get(name))
      .find((value) => value !== undefined && value !== null && value !== '');
  const name = first('apollographql-client-name', 'graphql-client-name');
  if (name)
    return {
      name: clip(name),
      version: clip(first('apollographql-client-version', 'graphql-client-version')),
    };
  return { name: clip(first('user-agent')), version: null };
}

export interface ReadDescription {
  caller: Caller;
  headers: Headers | undefined;
  operationName: string | null;
  operationHash: string | null;
  /** Coordinates the operation uses (collectCoordinates); only `Type.field` entries count as reads. */
  coordinates: readonly string[];
  refused: readonly string[];
  /** Rows per coordinate (root fields), when known. */
  rows: ReadonlyMap<string, number>;
  outcome: AuditEvent['outcome'];
  exportFormat?: string;
  fieldProducts: FieldProducts;
  at?: number;
}

/** One event per product the read touched (fields asked for, refused ones included); none for none. */
export function eventsOf(read: ReadDescription): AuditEvent[] {
  const byProduct = new Map<string, { fields: Set<string>; refused: Set<string>; rows: number | null }>();
  const entryOf = (product: string) => {
    let entry = byProduct.get(product);
    if (!entry) byProduct.set(product, (entry = { fields: new Set(), refused: new Set(), rows: null }));
    return entry;
  };
  const all = [...read.coordinates, ...read.refused];
  // A field several products can resolve (entity keys, shared fields) does not by itself say which one was
  // read: it counts for the products some field of their own brought in, else for all of them.
  for (const coordinate of all) {
    const products = read.fieldProducts.get(coordinate);
    if (products?.length === 1) entryOf(products[0]!);
  }
  const productsOf = (coordinate: string) => {
    const products = read.fieldProducts.get(coordinate) ?? [];
    const touched = products.filter((product) => byProduct.has(product));
    return (touched.length ? touched : products).map(entryOf);
  };
  for (const coordinate of read.coordinates)
    for (const entry of productsOf(coordinate)) entry.fields.add(coordinate);
  for (const coordinate of read.refused)
    for (const entry of productsOf(coordinate)) entry.refused.add(coordinate);
  for (const [coordinate, count] of read.rows)
    for (const entry of productsOf(coordinate)) entry.rows = (entry.rows ?? 0) + count;
  const at = read.at ?? Date.now();
  const client = clientOf(read.headers);
  return [...byProduct].map(([product, entry]) => ({
    at,
    product,
    // Clipped to the columns' width: an over-long name (an identity provider's claim) must not fail the
    // batch it is written in, and with it every later event queued behind it.
    subject: clip(read.caller.subject),
    callerName: clip(read.caller.name),
    authKind: read.caller.kind,
    tokenId: read.caller.tokenId ?? null,
    clientName: client.name,
    clientVersion: client.version,
    operationName: clip(read.operationName),
    operationHash: read.operationHash,
    fields: [...entry.fields].filter((field) => !entry.refused.has(field)).sort(),
    refused: [...entry.refused].sort(),
    rows: entry.rows,
    exportFormat: read.exportFormat ?? null,
    outcome: read.outcome,
  }));
}
