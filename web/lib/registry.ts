/**
 * The schema registry's public catalogue API, for server components only (the browser never talks to the
 * registry). Every call answers a typed outcome instead of throwing: pages show what went wrong and what to
 * do next. The registry's own contract: schema-registry/src/graphql/type-defs.ts and src/http/routes.ts.
 */

export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:4005';

const REGISTRY_TIMEOUT_MS = 8_000;

/**
 * Base URL of the registry, read from `REGISTRY_URL` on every call so one build serves any environment.
 * Returned without a trailing slash, so paths can be appended.
 */
export function registryUrl(): string {
  const raw = process.env.REGISTRY_URL?.trim() || DEFAULT_REGISTRY_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`REGISTRY_URL must be an absolute URL such as ${DEFAULT_REGISTRY_URL} (got "${raw}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`REGISTRY_URL must use http or https (got "${raw}").`);
  }
  if (url.search || url.hash) {
    throw new Error(`REGISTRY_URL must not carry a query or fragment (got "${raw}").`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** Why a registry call gave no answer. `code` is the registry's stable `extensions.code`, when it sent one. */
export type RegistryFailure =
  | { status: 'misconfigured'; reason: string }
  | { status: 'unreachable'; registryUrl: string; reason: string }
  | { status: 'failed'; registryUrl: string; reason: string; code?: string };

export type RegistryResult<T> = { status: 'ok'; data: T } | RegistryFailure;

// ---------------------------------------------------------------------------------------------------------
// Shapes of the registry's GraphQL types, as far as the catalogue pages select them.

export interface CatalogOwner {
  team: string;
  /** An email address or a URL. */
  contact: string;
}

export interface CatalogDataSource {
  name: string;
  version: string;
  url: string | null;
  description: string | null;
}

export interface CatalogLink {
  title: string;
  /** Usually an absolute URL; may be a repository-relative path until the document is hosted. */
  url: string;
}

export interface CatalogAppParameter {
  name: string;
  title: string;
  kind: string;
}

export interface CatalogApp {
  /** `product.name`, e.g. genomics.differentialExpression */
  id: string;
  name: string;
  title: string;
  description: string;
  /** ONE_GROUP or TWO_GROUPS. */
  input: string;
  entry: string;
  target: string;
  field: string;
  parameters: CatalogAppParameter[];
}

export interface CatalogMetadata {
  title: string;
  description: string;
  /** `public` (open to every caller) or `private` (needs the `<product>:read` scope). */
  visibility: string;
  domain: string | null;
  owner: CatalogOwner | null;
  tags: string[];
  keywords: string[];
  /** SPDX identifier. */
  license: string;
  licenseUrl: string;
  dataSources: CatalogDataSource[];
  documentation: CatalogLink[];
  apps: CatalogApp[];
}

export interface CatalogProduct {
  name: string;
  /** `active` or `retired`. */
  status: string;
  currentVersion: string;
  currentDataVersion: string | null;
  /** Persistent, resolvable identifier (the product's JSON-LD document). */
  identifier: string;
  registeredAt: string;
  updatedAt: string;
  /** Product versions, in order of first release. */
  versions: string[];
  catalog: CatalogMetadata;
}

export interface SearchHit {
  /** PRODUCT, TYPE, FIELD or APP today; the registry may add kinds. */
  kind: string;
  product: string;
  /** `clinical`, `Patient`, `Patient.age` or `genomics.differentialExpression`. */
  coordinate: string;
  description: string | null;
  score: number;
  /** Where the terms matched: `tag`, `owner`, `field name`, `description`… */
  matchedIn: string[];
}

export interface SchemaChangeSummary {
  criticality: string;
  message: string;
  path: string | null;
}

/** A supergraph version this product's change made (needs a registry read token). */
export interface ProductHistoryEntry {
  seq: number;
  action: string;
  productVersion: string | null;
  createdAt: string;
  createdBy: string;
  forced: boolean;
  reason: string | null;
  gitCommit: string | null;
  changes: SchemaChangeSummary[];
}

/** A JSON-LD document as the registry serves it (`@context`, `@id`, DCAT and schema.org terms). */
export type JsonLdDocument = Record<string, unknown>;

const CATALOG_PRODUCT_SELECTION = /* GraphQL */ `
  name
  status
  currentVersion
  currentDataVersion
  identifier
  registeredAt
  updatedAt
  versions
  catalog {
    title
    description
    visibility
    domain
    owner { team contact }
    tags
    keywords
    license
    licenseUrl
    dataSources { name version url description }
    documentation { title url }
    apps { id name title description input entry target field parameters { name title kind } }
  }
`;

// ---------------------------------------------------------------------------------------------------------
// Transport: one fetch with a timeout, and failures mapped to what the page can explain.

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

function baseUrl(): RegistryResult<string> {
  try {
    return { status: 'ok', data: registryUrl() };
  } catch (error) {
    return { status: 'misconfigured', reason: (error as Error).message };
  }
}

/** undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, timeout) in `cause`. */
function networkReason(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${REGISTRY_TIMEOUT_MS / 1000} s`;
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return cause.message;
    return error.message;
  }
  return String(error);
}

async function registryFetch(
  base: string,
  path: string,
  init: RequestInit,
): Promise<{ status: 'ok'; response: Response } | RegistryFailure> {
  try {
    const response = await fetch(`${base}${path}`, {
      ...init,
      cache: 'no-store',
      signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS),
    });
    return { status: 'ok', response };
  } catch (error) {
    return { status: 'unreachable', registryUrl: base, reason: networkReason(error) };
  }
}

/** The registry's error body (`{ errors: [{ message, extensions: { code } }] }`), or the HTTP status. */
async function httpFailure(base: string, response: Response): Promise<RegistryFailure> {
  let reason = `HTTP ${response.status} ${response.statusText}`.trim();
  let code: string | undefined;
  try {
    const body = (await response.json()) as GraphQLResponse<unknown>;
    const first = body.errors?.[0];
    if (first) {
      reason = first.message;
      code = typeof first.extensions?.code === 'string' ? first.extensions.code : undefined;
    }
  } catch {
    // Not JSON: the status line says enough.
  }
  return { status: 'failed', registryUrl: base, reason, code };
}

/**
 * A read-scope registry token, when the operator gives the web server one (`REGISTRY_TOKEN`). Only the
 * version history needs it; everything else in the catalogue is public.
 */
function readToken(): string | undefined {
  return process.env.REGISTRY_TOKEN?.trim() || undefined;
}

async function queryRegistry<T>(
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string } = {},
): Promise<RegistryResult<T>> {
  const base = baseUrl();
  if (base.status !== 'ok') return base;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const sent = await registryFetch(base.data, '/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  if (sent.status !== 'ok') return sent;
  let body: GraphQLResponse<T>;
  try {
    body = (await sent.response.json()) as GraphQLResponse<T>;
  } catch {
    return httpFailure(base.data, sent.response);
  }
  const error = body.errors?.[0];
  if (error) {
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
    return { status: 'failed', registryUrl: base.data, reason: error.message, code };
  }
  if (!sent.response.ok || body.data == null) return httpFailure(base.data, sent.response);
  return { status: 'ok', data: body.data };
}

/** GET a public document; `null` when the registry answers 404 (unknown product or version). */
async function getDocument<T>(
  path: string,
  accept: string,
  read: (response: Response) => Promise<T>,
): Promise<RegistryResult<T | null>> {
  const base = baseUrl();
  if (base.status !== 'ok') return base;
  const sent = await registryFetch(base.data, path, { headers: { accept } });
  if (sent.status !== 'ok') return sent;
  if (sent.response.status === 404) return { status: 'ok', data: null };
  if (!sent.response.ok) return httpFailure(base.data, sent.response);
  try {
    return { status: 'ok', data: await read(sent.response) };
  } catch (error) {
    return {
      status: 'failed',
      registryUrl: base.data,
      reason: `Unreadable answer from ${path}: ${(error as Error).message}`,
    };
  }
}

const productPath = (name: string) => `/products/${encodeURIComponent(name)}`;
const versionPath = (name: string, version: string) =>
  `${productPath(name)}/versions/${encodeURIComponent(version)}`;

// ---------------------------------------------------------------------------------------------------------
// The catalogue operations the pages use.

/** Every product in the catalogue with its FAIR metadata (public). */
export async function listCatalogProducts(
  options: { includeRetired?: boolean } = {},
): Promise<RegistryResult<CatalogProduct[]>> {
  const result = await queryRegistry<{ products: CatalogProduct[] }>(
    `query CatalogProducts($includeRetired: Boolean) { products(includeRetired: $includeRetired) { ${CATALOG_PRODUCT_SELECTION} } }`,
    { includeRetired: options.includeRetired ?? false },
  );
  return result.status === 'ok' ? { status: 'ok', data: result.data.products } : result;
}

/** One product; `null` when the registry does not know it (public). */
export async function getCatalogProduct(name: string): Promise<RegistryResult<CatalogProduct | null>> {
  const result = await queryRegistry<{ product: CatalogProduct | null }>(
    `query CatalogProduct($name: String!) { product(name: $name) { ${CATALOG_PRODUCT_SELECTION} } }`,
    { name },
  );
  return result.status === 'ok' ? { status: 'ok', data: result.data.product } : result;
}

/** Ranked hits across products, types, fields, apps, descriptions, tags, keywords and owners (public). */
export async function searchCatalog(query: string, first = 50): Promise<RegistryResult<SearchHit[]>> {
  const result = await queryRegistry<{ searchCatalog: SearchHit[] }>(
    `query SearchCatalog($query: String!, $first: Int) {
      searchCatalog(query: $query, first: $first) { kind product coordinate description score matchedIn }
    }`,
    { query, first },
  );
  return result.status === 'ok' ? { status: 'ok', data: result.data.searchCatalog } : result;
}

/** The product's DCAT / schema.org JSON-LD document, its persistent identifier resolved (public). */
export function getProductJsonLd(name: string): Promise<RegistryResult<JsonLdDocument | null>> {
  return getDocument(productPath(name), 'application/ld+json', readJsonObject);
}

/** One product version's JSON-LD: when it was released, its data snapshots, its git commit (public). */
export function getProductVersionJsonLd(
  name: string,
  version: string,
): Promise<RegistryResult<JsonLdDocument | null>> {
  return getDocument(versionPath(name, version), 'application/ld+json', readJsonObject);
}

/** The subgraph SDL a product version was published with, as the product serves it (public). */
export function getProductSchema(name: string, version: string): Promise<RegistryResult<string | null>> {
  return getDocument(`${versionPath(name, version)}/schema.graphql`, 'application/graphql', (response) =>
    response.text(),
  );
}

/**
 * The supergraph versions this product's changes made, newest first, with their schema changes. The
 * registry answers this to token holders only: without `REGISTRY_TOKEN` the outcome is a failure with code
 * UNAUTHENTICATED, and callers fall back to the public per-version documents.
 */
export async function getProductHistory(
  name: string,
  first = 20,
): Promise<RegistryResult<{ versions: ProductHistoryEntry[]; hasMore: boolean }>> {
  const result = await queryRegistry<{
    history: { versions: ProductHistoryEntry[]; hasMore: boolean };
  }>(
    `query ProductHistory($product: String!, $first: Int) {
      history(product: $product, first: $first) {
        hasMore
        versions {
          seq action productVersion createdAt createdBy forced reason gitCommit
          changes { criticality message path }
        }
      }
    }`,
    { product: name, first },
    { token: readToken() },
  );
  return result.status === 'ok' ? { status: 'ok', data: result.data.history } : result;
}

async function readJsonObject(response: Response): Promise<JsonLdDocument> {
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error('expected a JSON object');
  }
  return body as JsonLdDocument;
}
