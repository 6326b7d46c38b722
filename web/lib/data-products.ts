import { gql, type CombinedError } from '@urql/core';
import { gatewayUrl } from './config';
import { getGatewayClient } from './server-client';

/** Mirrors the product kit's `DataProduct` type, shared by every product in the mesh. */
export interface DataProduct {
  name: string;
  title: string;
  description: string;
  version: string;
  schemaHash: string;
  dataVersion: string;
  license: string;
  snapshotDate: string | null;
  startedAt: string;
}

export interface GatewayErrorDetail {
  message: string;
  code?: string;
}

export type DataProductsResult =
  | { status: 'ok'; products: DataProduct[] }
  | { status: 'misconfigured'; reason: string }
  | { status: 'unreachable'; gatewayUrl: string; reason: string }
  | { status: 'failed'; gatewayUrl: string; errors: GatewayErrorDetail[] };

interface QueryFieldsData {
  __type: {
    fields:
      | {
          name: string;
          type: { kind: string; name: string | null; ofType: { name: string | null } | null };
        }[]
      | null;
  } | null;
}

const QUERY_FIELDS = gql<QueryFieldsData>`
  query DataProductFields {
    __type(name: "Query") {
      fields {
        name
        type {
          kind
          name
          ofType {
            name
          }
        }
      }
    }
  }
`;

const DATA_PRODUCT_SELECTION =
  'name title description version schemaHash dataVersion license snapshotDate startedAt';
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Root fields whose type is `DataProduct` or `DataProduct!`: one per product, whatever its name. */
function dataProductFields(data: QueryFieldsData | undefined): string[] {
  const fields = data?.__type?.fields ?? [];
  return fields
    .filter(({ type }) => (type.kind === 'NON_NULL' ? type.ofType?.name : type.name) === 'DataProduct')
    .map(({ name }) => name)
    .filter((name) => GRAPHQL_NAME.test(name));
}

/** One request for all products: `p0: clinicalProduct { … } p1: genomicsProduct { … }`. */
function buildProductsQuery(fields: readonly string[]): string {
  const selections = fields.map((field, index) => `p${index}: ${field} { ${DATA_PRODUCT_SELECTION} }`);
  return `query DataProducts { ${selections.join(' ')} }`;
}

function describeError(error: CombinedError, url: string): DataProductsResult {
  if (error.networkError && error.graphQLErrors.length === 0) {
    // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, timeout) in `cause`.
    const cause = (error.networkError as Error & { cause?: Error }).cause;
    return { status: 'unreachable', gatewayUrl: url, reason: cause?.message ?? error.networkError.message };
  }
  return {
    status: 'failed',
    gatewayUrl: url,
    errors: error.graphQLErrors.map((graphQLError) => ({
      message: graphQLError.message,
      code: typeof graphQLError.extensions.code === 'string' ? graphQLError.extensions.code : undefined,
    })),
  };
}

/**
 * Discovers the mesh's data products from the supergraph itself, so a new product shows up without a code
 * change here: introspect the root fields, then fetch every `DataProduct` field in one aliased query.
 */
export async function discoverDataProducts(): Promise<DataProductsResult> {
  let url: string;
  try {
    url = gatewayUrl();
  } catch (error) {
    return { status: 'misconfigured', reason: (error as Error).message };
  }
  const client = getGatewayClient();
  const discovery = await client.query(QUERY_FIELDS, {}).toPromise();
  if (discovery.error) return describeError(discovery.error, url);

  const fields = dataProductFields(discovery.data);
  if (fields.length === 0) return { status: 'ok', products: [] };

  const answer = await client
    .query<Record<string, DataProduct | null>>(buildProductsQuery(fields), {})
    .toPromise();
  if (answer.error) return describeError(answer.error, url);
  const products = fields
    .map((_, index) => answer.data?.[`p${index}`])
    .filter((product): product is DataProduct => product != null)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { status: 'ok', products };
}
