/** The registry's own GraphQL API (what the CLI and CI use). Plain HTTP endpoints are in http/. */
export const registryTypeDefs = /* GraphQL */ `
  "Arbitrary JSON (audit details)."
  scalar JSON

  type Query {
    "The current supergraph version; null before the first publish."
    supergraph: SchemaVersion
    "Supergraph versions, newest first; with product, only those that product's changes made. Page with before: <seq>."
    history(product: String, first: Int = 20, before: Int): HistoryPage!
    "A version by sequence number (#12 or 12), content id (sha256:…) or current."
    schemaVersion(ref: String!): SchemaVersion
    "Public API changes and a unified SDL diff between two versions (the product's SDL with product)."
    diff(from: String!, to: String!, product: String): VersionDiff!
    "Products in the catalogue (public)."
    products(includeRetired: Boolean = false): [Product!]!
    product(name: String!): Product
    "Ranked search across products, types, fields, descriptions, tags, keywords and owners (public)."
    searchCatalog(query: String!, first: Int = 20): [SearchHit!]!
    "Audit log, newest first (admin)."
    auditLog(product: String, action: String, first: Int = 50, before: Int): [AuditEntry!]!
    "Tokens, without secrets (admin)."
    tokens: [Token!]!
    "Who the presented token is."
    viewer: Viewer!
  }

  type Mutation {
    "Publish a product's schema: composition, API diff, usage and breaking-change policy, then a new version."
    publish(input: PublishInput!): PublishResult!
    "Every check a publish would run, without publishing."
    check(input: CheckInput!): CheckResult!
    "Return a product to an earlier version's schema: checked again, and a new version (history is kept)."
    rollback(input: RollbackInput!): PublishResult!
    "Take a product out of the supergraph (checked like a publish)."
    retire(input: RetireInput!): PublishResult!
    createToken(input: CreateTokenInput!): CreatedToken!
    revokeToken(id: ID!): Token!
    "Admin: the routing URL and visibility the product's own token may then publish (audited)."
    approveProductAccess(input: ApproveProductAccessInput!): ProductAccessApproval!
  }

  input ApproveProductAccessInput {
    product: String!
    routingUrl: String!
    "public or private."
    visibility: String!
  }

  input PublishInput {
    product: String!
    routingUrl: String!
    sdl: String!
    "Semantic version of the product; a breaking change used by clients needs a major bump (or force)."
    version: String!
    dataVersion: String
    gitCommit: String
    gitAuthor: String
    catalog: CatalogInput
    force: Boolean
    "Required with force; recorded in the audit log."
    reason: String
  }

  input CheckInput {
    product: String!
    sdl: String!
    routingUrl: String
    version: String
    force: Boolean
    reason: String
  }

  input RollbackInput {
    product: String!
    toVersion: String!
    force: Boolean
    reason: String
  }

  input RetireInput {
    product: String!
    force: Boolean
    reason: String
  }

  input CreateTokenInput {
    name: String!
    scope: TokenScope!
    "Required for scope PRODUCT."
    product: String
    "Delete every other token of this name first (what a deployment that re-creates its tokens wants)."
    replace: Boolean
  }

  input CatalogInput {
    title: String!
    description: String
    "public or private (the default): who may read the product's data."
    visibility: String
    domain: String
    owner: OwnerInput
    tags: [String!]
    keywords: [String!]
    "SPDX identifier, e.g. CC-BY-4.0."
    license: String
    dataSources: [DataSourceInput!]
    documentation: [LinkInput!]
    "The product's analysis apps (products send them from their <name>Product.apps)."
    apps: [CatalogAppInput!]
    "Disclosure control for aggregate-only callers (minCellSize: k, default 5)."
    disclosure: DisclosureControlInput
  }
  input DisclosureControlInput {
    "Counts and statistics from fewer individuals than this are suppressed for aggregate-only callers."
    minCellSize: Int
  }
  input CatalogAppInput {
    id: String!
    name: String!
    title: String!
    description: String
    input: String!
    entry: String!
    target: String!
    field: String!
    parameters: [CatalogAppParameterInput!]
  }
  input CatalogAppParameterInput {
    name: String!
    title: String!
    kind: String!
  }
  input OwnerInput {
    team: String!
    contact: String!
  }
  input DataSourceInput {
    name: String!
    version: String!
    url: String
    description: String
  }
  input LinkInput {
    title: String!
    url: String!
  }

  enum PublishStatus {
    PUBLISHED
    UNCHANGED
    REJECTED
  }
  enum CheckStatus {
    PASSED
    FAILED
  }
  enum Criticality {
    BREAKING
    DANGEROUS
    SAFE
  }
  enum TokenScope {
    ADMIN
    PRODUCT
    READ
    GATEWAY
  }

  type PublishResult {
    status: PublishStatus!
    "COMPOSITION_FAILED or BREAKING_CHANGE when rejected."
    code: String
    message: String!
    version: SchemaVersion
    check: CheckReport
  }

  type CheckResult {
    status: CheckStatus!
    code: String
    message: String!
    report: CheckReport!
  }

  type CheckReport {
    composition: Composition!
    changes: [SchemaChange!]!
    summary: CheckSummary!
    policy: Policy
  }
  type Composition {
    composed: Boolean!
    errors: [CompositionError!]!
    hints: [String!]!
  }
  type CompositionError {
    code: String!
    message: String!
    locations: [SourceLocation!]
  }
  type SourceLocation {
    line: Int!
    column: Int!
  }
  type CheckSummary {
    breaking: Int!
    "Breaking changes that reported operations use."
    breakingUsed: Int!
    dangerous: Int!
    safe: Int!
  }
  type Policy {
    allowed: Boolean!
    "no-breaking-changes, usage-safe, major-version or forced when allowed."
    basis: String
    message: String!
  }
  type SchemaChange {
    type: String!
    criticality: Criticality!
    path: String
    message: String!
    reason: String
    usage: UsageVerdict
  }
  type UsageVerdict {
    safe: Boolean!
    reason: String!
    operations: [AffectedOperation!]!
  }
  type AffectedOperation {
    hash: String!
    name: String
    count: Int!
    clients: [ClientUsage!]!
  }
  type ClientUsage {
    name: String!
    version: String!
    count: Int!
  }

  type SchemaVersion {
    "Position in the linear history (1, 2, …)."
    seq: Int!
    "Content hash of the subgraphs (name, routing URL, SDL): the ETag of GET /supergraph."
    id: ID!
    action: String!
    product: String!
    productVersion: String
    createdAt: String!
    createdBy: String!
    forced: Boolean!
    reason: String
    gitCommit: String
    gitAuthor: String
    changes: [SchemaChange!]!
    subgraphs: [VersionSubgraph!]!
    supergraphSdl: String!
    apiSdl: String!
  }
  type VersionSubgraph {
    product: String!
    routingUrl: String!
    productVersion: String!
    sdl: String!
  }
  type HistoryPage {
    versions: [SchemaVersion!]!
    hasMore: Boolean!
  }
  type VersionDiff {
    from: SchemaVersion!
    to: SchemaVersion!
    product: String
    changes: [SchemaChange!]!
    unifiedDiff: String!
  }

  type Product {
    name: String!
    status: String!
    currentVersion: String!
    currentDataVersion: String
    routingUrl: String!
    "Persistent, resolvable identifier (JSON-LD at this URL)."
    identifier: String!
    catalog: CatalogMetadata!
    registeredAt: String!
    updatedAt: String!
    versions: [String!]!
  }
  "Counts and statistics from fewer than minCellSize individuals are suppressed for aggregate-only callers."
  type DisclosureControl {
    minCellSize: Int!
  }
  type CatalogMetadata {
    title: String!
    description: String!
    "public: open to every caller; private: needs the <product>:read scope."
    visibility: String!
    "Disclosure control for aggregate-only callers (<product>:aggregate)."
    disclosure: DisclosureControl
    domain: String
    owner: Owner
    tags: [String!]!
    keywords: [String!]!
    license: String!
    licenseUrl: String!
    dataSources: [DataSource!]!
    documentation: [Link!]!
    "Analysis apps the product serves, as it published them."
    apps: [CatalogApp!]!
  }
  type CatalogApp {
    "product.name, e.g. genomics.differentialExpression"
    id: String!
    name: String!
    title: String!
    description: String!
    "ONE_GROUP or TWO_GROUPS."
    input: String!
    "Root field that defines the group(s), e.g. compareCohorts."
    entry: String!
    target: String!
    field: String!
    parameters: [CatalogAppParameter!]!
  }
  type CatalogAppParameter {
    name: String!
    title: String!
    kind: String!
  }
  type Owner {
    team: String!
    contact: String!
  }
  type DataSource {
    name: String!
    version: String!
    url: String
    description: String
  }
  type Link {
    title: String!
    url: String!
  }
  type SearchHit {
    kind: String!
    product: String!
    coordinate: String!
    description: String
    score: Float!
    matchedIn: [String!]!
  }
  type AuditEntry {
    id: Int!
    at: String!
    actor: String!
    action: String!
    product: String
    result: String!
    details: JSON
  }
  type Token {
    id: ID!
    name: String!
    scope: TokenScope!
    product: String
    createdAt: String!
    createdBy: String!
    revokedAt: String
  }
  type ProductAccessApproval {
    product: String!
    routingUrl: String!
    visibility: String!
    approvedBy: String!
    approvedAt: String!
  }
  type CreatedToken {
    token: Token!
    "Shown once; only its SHA-256 is stored."
    secret: String!
  }
  type Viewer {
    authenticated: Boolean!
    name: String
    scope: TokenScope
    product: String
  }
`;
