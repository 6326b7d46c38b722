/** Types every product with analysis apps shares (identical in each subgraph, hence shareable). */
export const analysisTypeDefs = /* GraphQL */ `
  "Any JSON value: table rows, Vega-Lite specs, parameter defaults."
  scalar JSON

  enum ParameterKind {
    NUMBER
    INTEGER
    STRING
    BOOLEAN
    ENUM
    "A variable of the product (e.g. age, lab:4548-4), chosen from allowedValues."
    VARIABLE
    GENE
    GENE_LIST
    GENE_SET
    COHORT
  }

  enum AnalysisInput {
    "Runs on one group (a cohort, a selection of rows)."
    ONE_GROUP
    "Compares two groups."
    TWO_GROUPS
  }

  "A choice for an ENUM or VARIABLE parameter."
  type AllowedValue @federation__shareable {
    value: String!
    label: String!
  }

  "One parameter of an analysis app: enough to render and validate a form field."
  type AnalysisParameter @federation__shareable {
    name: String!
    title: String!
    help: String!
    "GraphQL type of the argument, e.g. String!, [String!], Float."
    type: String!
    kind: ParameterKind!
    required: Boolean!
    default: JSON
    allowedValues: [AllowedValue!]
    minimum: Float
    maximum: Float
  }

  "An analysis a product serves, and the GraphQL field that runs it."
  type AnalysisApp @federation__shareable {
    "product.name, e.g. genomics.differentialExpression"
    id: ID!
    product: String!
    name: String!
    title: String!
    description: String!
    input: AnalysisInput!
    """
    Root field that defines the group(s), e.g. cohort(criteria:) or compareCohorts(a:, b:); it may be
    served by another product. Run the app as { <entry>(<groups>) { <field>(<parameters>) { ... } } }.
    """
    entry: String!
    "GraphQL input type of one group definition, e.g. CohortCriteria."
    groupType: String!
    "Entity type that holds the field, e.g. Cohort or CohortComparison."
    target: String!
    field: String!
    parameters: [AnalysisParameter!]!
    output: String!
    chart: String!
  }

  "How two groups are compared."
  enum ComparisonMethod {
    "Welch t-test for numeric variables; chi-square (Fisher exact for sparse 2x2 tables) for categorical."
    AUTO
    WELCH_T
    MANN_WHITNEY
    CHI_SQUARE
    FISHER_EXACT
  }

  enum ColumnType {
    NUMBER
    INTEGER
    STRING
    BOOLEAN
  }

  type ResultColumn @federation__shareable {
    name: String!
    title: String!
    type: ColumnType!
    unit: String
  }

  "A typed table: column metadata and row-major values (rows is a JSON array of arrays)."
  type ResultTable @federation__shareable {
    columns: [ResultColumn!]!
    rows: JSON!
    rowCount: Int!
  }

  type GroupCount @federation__shareable {
    group: String!
    n: Int!
  }

  "The inferential part of a result. Many-test analyses report testsPerformed and significant."
  type AnalysisStatistics @federation__shareable {
    test: String
    statisticName: String
    testStatistic: Float
    degreesOfFreedom: Float
    pValue: Float
    adjustedPValue: Float
    effectSize: Float
    effectSizeMeasure: String
    confidenceInterval: [Float!]
    testsPerformed: Int
    significant: Int
    groups: [GroupCount!]!
    notes: [String!]!
  }

  enum DisclosureMode {
    "The caller may read row-level data: the result is what the data give."
    ROW_LEVEL
    "Aggregate-only caller: cells from fewer than minCellSize individuals are null (suppressed)."
    AGGREGATE
  }

  "How a result was protected: show 'suppressed: fewer than minCellSize' where a value is null."
  type Disclosure @federation__shareable {
    mode: DisclosureMode!
    minCellSize: Int!
    suppressedCells: Int!
  }

  """
  What every analysis returns. Same inputs on the same product version and dataVersion give a
  byte-identical result (and resultHash).
  """
  type AnalysisResult @federation__shareable {
    "product.app that produced this."
    app: String!
    title: String!
    "False for degenerate inputs (empty cohort, n < 2, zero variance, all censored); reason says why."
    computable: Boolean!
    reason: String
    "The normalised inputs, cohort definitions included."
    parameters: JSON!
    table: ResultTable!
    statistics: AnalysisStatistics
    "Vega-Lite v5 specification with inline data."
    chart: JSON
    product: String!
    version: String!
    dataVersion: String!
    "SHA-256 of the canonical JSON of everything above (and, in AGGREGATE mode, of disclosure)."
    resultHash: String!
    disclosure: Disclosure
  }
`;
