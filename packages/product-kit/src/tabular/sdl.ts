import { graphqlScalar, keyColumn, type TabularSpec } from './spec';

const quote = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/** The schema.graphql of a tabular product, written once by the scaffolder; the team then edits its descriptions. */
export function tabularSdl(spec: TabularSpec, meta: { title: string; description: string }): string {
  const p = spec.prefix;
  const name = spec.product;
  const key = keyColumn(spec);
  const keyType = graphqlScalar(key.type);
  const filterFields = spec.columns.flatMap((c) => {
    const scalar = graphqlScalar(c.type);
    if (c.type === 'INTEGER' || c.type === 'NUMBER') {
      return [
        `  ${quote(`${c.field} at least this value.`)}\n  ${c.field}Min: ${scalar}`,
        `  ${quote(`${c.field} at most this value.`)}\n  ${c.field}Max: ${scalar}`,
      ];
    }
    if (c.type === 'BOOLEAN') return [`  ${c.field}: Boolean`];
    return [
      `  ${quote(`${c.field} equals this value.`)}\n  ${c.field}: String`,
      `  ${quote(`${c.field} is one of these values.`)}\n  ${c.field}In: [String!]`,
    ];
  });
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])

"""
${meta.title}: ${meta.description}
"""
type Query {
  ${quote(`One record by ${key.field}; null when there is none.`)}
  ${name}Record(${key.field}: ${keyType}!): ${p}Record
  ${quote(`Records matching the filter, ordered by ${key.field}, with cursor pagination (at most 1000 per page).`)}
  ${name}Records(filter: ${p}Filter, first: Int = 50, after: String): ${p}RecordConnection!
  ${quote('A selection of records to analyse (apps: filter, summary). An empty filter selects every record.')}
  ${name}Selection(filter: ${p}Filter!, name: String): ${p}Selection!
  ${quote('Two selections side by side (app: compare).')}
  ${name}Comparison(a: ${p}Filter!, b: ${p}Filter!, nameA: String, nameB: String): ${p}Comparison!
}

type ${p}Record @key(fields: "${key.field}") {
${spec.columns.map((c) => `  ${quote(c.description)}\n  ${c.field}: ${graphqlScalar(c.type)}${c.nullable ? '' : '!'}`).join('\n')}
}

"Criteria combine with AND."
input ${p}Filter {
${filterFields.join('\n')}
}

type ${p}RecordConnection {
  totalCount: Int!
  nodes: [${p}Record!]!
  pageInfo: PageInfo!
}

type ${p}Selection {
  "Encodes name and filter: stable and shareable."
  id: ID!
  name: String!
  definition: JSON!
  size: Int!
  "App ${name}.filter: the selected records as a table, sorted."
  rows(first: Int = 100, sortBy: String, descending: Boolean = false): AnalysisResult!
  "App ${name}.summary: distribution of every column over the selection."
  summary(variables: [String!]): AnalysisResult!
}

type ${p}Comparison {
  id: ID!
  a: ${p}Selection!
  b: ${p}Selection!
  "App ${name}.compare: one column, two selections, the fitting test."
  compare(variable: String!, method: ComparisonMethod = AUTO): AnalysisResult!
}
`;
}
