/** Small, self-contained federation subgraphs for the registry's tests (independent of the real products). */
export const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])';

export function clinicalSdl(
  options: { extraPatientFields?: string; withAge?: boolean; queryFields?: string } = {},
) {
  const age = options.withAge === false ? '' : '"Age in whole years at the snapshot date."\n  age: Int!';
  return `${LINK}
"Patients with demographics and diagnoses."
type Query {
  "One patient by id."
  patient(id: ID!): Patient
  "Patients matching a filter."
  patients(filter: PatientFilter, first: Int = 50): [Patient!]!
  ${options.queryFields ?? ''}
}
input PatientFilter {
  diagnosis: String
  ageMin: Int
}
"A person in the clinical records."
type Patient @key(fields: "id") {
  id: ID!
  ${age}
  sex: Sex!
  diagnoses: [Diagnosis!]!
  ${options.extraPatientFields ?? ''}
}
enum Sex { FEMALE MALE }
"An ICD-10 diagnosis."
type Diagnosis {
  code: String!
  display: String!
}
`;
}

export function genomicsSdl(options: { extraSampleFields?: string; ageType?: string } = {}) {
  const ageOverride = options.ageType ? `age: ${options.ageType} @shareable` : '';
  return `${LINK}
type Query {
  "Tissue samples, with gene expression."
  samples(first: Int = 50): [Sample!]!
  "A gene by HGNC symbol."
  gene(symbol: String!): Gene
}
type Patient @key(fields: "id") {
  id: ID!
  samples: [Sample!]!
  ${ageOverride}
}
"A biological sample sequenced by the genomics lab."
type Sample @key(fields: "id") {
  id: ID!
  tissue: String!
  "Expression of the asked genes."
  expression(genes: [String!]!): [Expression!]!
  ${options.extraSampleFields ?? ''}
}
type Expression { gene: Gene! value: Float! }
"A gene of the HGNC panel."
type Gene @key(fields: "symbol") { symbol: String! name: String! }
`;
}
