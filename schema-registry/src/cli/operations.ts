/** The GraphQL documents the CLI sends. */
const REPORT = `composition { composed errors { code message } }
  changes { type criticality path message usage { safe reason operations { name count clients { name version count } } } }
  summary { breaking breakingUsed dangerous safe }
  policy { allowed basis message }`;

export const PUBLISH = `mutation Publish($input: PublishInput!) { publish(input: $input) { status code message version { seq id } check { ${REPORT} } } }`;
export const CHECK = `mutation Check($input: CheckInput!) { check(input: $input) { status code message report { ${REPORT} } } }`;
export const ROLLBACK = `mutation Rollback($input: RollbackInput!) { rollback(input: $input) { status code message version { seq id } check { ${REPORT} } } }`;
export const RETIRE = `mutation Retire($input: RetireInput!) { retire(input: $input) { status code message version { seq id } check { ${REPORT} } } }`;
export const HISTORY = `query History($product: String, $first: Int, $before: Int) { history(product: $product, first: $first, before: $before) {
  hasMore versions { seq id action product productVersion createdAt createdBy forced reason subgraphs { product productVersion } } } }`;
export const DIFF = `query Diff($from: String!, $to: String!, $product: String) { diff(from: $from, to: $to, product: $product) {
  from { seq id } to { seq id } changes { type criticality path message } unifiedDiff } }`;
export const PRODUCTS = `query Products { products(includeRetired: true) { name status currentVersion currentDataVersion identifier catalog { title license tags owner { team contact } } } }`;
export const SEARCH = `query Search($query: String!, $first: Int) { searchCatalog(query: $query, first: $first) { kind product coordinate description score matchedIn } }`;
export const CREATE_TOKEN = `mutation CreateToken($input: CreateTokenInput!) { createToken(input: $input) { secret token { id name scope product } } }`;
export const APPROVE = `mutation Approve($input: ApproveProductAccessInput!) { approveProductAccess(input: $input) { product routingUrl visibility approvedBy approvedAt } }`;
export const TOKENS = `query Tokens { tokens { id name scope product createdAt createdBy revokedAt } }`;
export const REVOKE_TOKEN = `mutation Revoke($id: ID!) { revokeToken(id: $id) { id name revokedAt } }`;

export interface Report {
  composition: { composed: boolean; errors: { code: string; message: string }[] };
  changes: {
    type: string;
    criticality: string;
    path: string | null;
    message: string;
    usage: {
      safe: boolean;
      reason: string;
      operations: {
        name: string | null;
        count: number;
        clients: { name: string; version: string; count: number }[];
      }[];
    } | null;
  }[];
  summary: { breaking: number; breakingUsed: number; dangerous: number; safe: number };
  policy: { allowed: boolean; basis: string | null; message: string } | null;
}

export interface PublishResult {
  status: 'PUBLISHED' | 'UNCHANGED' | 'REJECTED';
  code: string | null;
  message: string;
  version: { seq: number; id: string } | null;
  check: Report | null;
}
