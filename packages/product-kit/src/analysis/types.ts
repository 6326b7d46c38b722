/** Metadata of an analysis app, served through `<product>Product.apps` so any UI can render a form for it. */
export type ParameterKind =
  | 'NUMBER'
  | 'INTEGER'
  | 'STRING'
  | 'BOOLEAN'
  | 'ENUM'
  | 'VARIABLE'
  | 'GENE'
  | 'GENE_LIST'
  | 'GENE_SET'
  | 'COHORT';

export interface AllowedValue {
  value: string;
  label: string;
}

export interface ParameterSpec {
  name: string;
  title: string;
  help: string;
  /** GraphQL type of the argument as written in the SDL, e.g. "String!", "[String!]", "Float". */
  type: string;
  kind: ParameterKind;
  default?: unknown;
  allowedValues?: AllowedValue[];
  minimum?: number;
  maximum?: number;
}

/** What an app runs on: one group (a cohort, a selection of rows) or two groups to compare. */
export type AnalysisInput = 'ONE_GROUP' | 'TWO_GROUPS';

export interface AppDefinition {
  name: string;
  title: string;
  description: string;
  input: AnalysisInput;
  /**
   * How a client reaches the app: the root field that defines the group(s) (`cohort`, `compareCohorts`,
   * possibly served by another product), and the GraphQL input type of a group definition.
   */
  entry: string;
  groupType: string;
  /** Entity type and field in this product's SDL that run the app. */
  target: string;
  field: string;
  parameters: ParameterSpec[];
  /** What the result holds, in a sentence. */
  output: string;
  /** Kind of chart in the result (bar, boxplot, volcano, scatter, survival). */
  chart: string;
}

export type ColumnType = 'NUMBER' | 'INTEGER' | 'STRING' | 'BOOLEAN';

export interface ResultColumn {
  name: string;
  title: string;
  type: ColumnType;
  unit?: string | null;
}

export interface GroupCount {
  group: string;
  n: number;
}

export interface AnalysisStatistics {
  test?: string | null;
  statisticName?: string | null;
  testStatistic?: number | null;
  degreesOfFreedom?: number | null;
  pValue?: number | null;
  adjustedPValue?: number | null;
  effectSize?: number | null;
  effectSizeMeasure?: string | null;
  confidenceInterval?: [number, number] | null;
  testsPerformed?: number | null;
  significant?: number | null;
  groups: GroupCount[];
  notes: string[];
}

export interface AnalysisResult {
  app: string;
  title: string;
  computable: boolean;
  reason: string | null;
  parameters: Record<string, unknown>;
  table: { columns: ResultColumn[]; rows: unknown[][]; rowCount: number };
  statistics: AnalysisStatistics | null;
  chart: Record<string, unknown> | null;
  product: string;
  version: string;
  dataVersion: string;
  resultHash: string;
  /** Which disclosure mode produced it (set by the kit around every app field). */
  disclosure?: import('./disclosure').Disclosure;
}
