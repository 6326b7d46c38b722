import { gql } from 'urql';

export interface DiagnosisCode {
  code: string;
  display: string;
  chapter: string;
  patientCount: number;
}

export const DIAGNOSIS_CODES_QUERY = gql<{ diagnosisCodes: DiagnosisCode[] }>`
  query DiagnosisCodes {
    diagnosisCodes {
      code
      display
      chapter
      patientCount
    }
  }
`;

export interface CrossProductVariables {
  diagnosis: string;
  genes: string[];
  first: number;
}

export interface CrossProductSample {
  id: string;
  type: string;
  /** Null when genomics refused or failed this field (the answer's errors say why). */
  expression: { gene: { symbol: string }; value: number }[] | null;
}

export interface CrossProductPatient {
  id: string;
  age: number;
  sex: string;
  /** Null when the caller may not read genomics, or genomics is down (the answer's errors say why). */
  samples: CrossProductSample[] | null;
}

export interface CrossProductData {
  patients: { totalCount: number; nodes: CrossProductPatient[] };
}

/** Clinical patients (by diagnosis) joined by the gateway with genomics samples and expression. */
export const CROSS_PRODUCT_QUERY = gql<CrossProductData, CrossProductVariables>`
  query CrossProduct($diagnosis: String!, $genes: [String!]!, $first: Int!) {
    patients(filter: { diagnosis: $diagnosis }, first: $first) {
      totalCount
      nodes {
        id
        age
        sex
        samples {
          id
          type
          expression(genes: $genes) {
            gene {
              symbol
            }
            value
          }
        }
      }
    }
  }
`;

/** `extensions.dataProducts` as added by the gateway: which product versions and snapshots answered. */
export type DataProductsProvenance = Record<string, { version: string; dataVersion: string }>;

export function readProvenance(
  extensions: Record<string, unknown> | undefined,
): DataProductsProvenance | null {
  const provenance = extensions?.dataProducts;
  if (typeof provenance !== 'object' || provenance === null) return null;
  return provenance as DataProductsProvenance;
}
