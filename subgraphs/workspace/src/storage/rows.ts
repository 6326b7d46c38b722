import { z } from 'zod';
import { dbInt, jsonText, nowIso, nullableString } from '@mesh/product-kit';

export { dbInt, jsonText, nowIso, nullableString };

export const HISTORY_KINDS = ['APP_RUN', 'QUERY'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export const UDAT_KINDS = ['COHORT', 'GENE_SET', 'VARIABLE_GROUP', 'RESULT'] as const;
export type UdatKind = (typeof UDAT_KINDS)[number];

export const VISIBILITIES = ['PRIVATE', 'TEAM', 'PUBLIC'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface Owner {
  subject: string;
  name: string | null;
}

export interface ProductVersion {
  name: string;
  version: string;
  dataVersion: string;
}

export const stringList = jsonText(z.array(z.string()));
