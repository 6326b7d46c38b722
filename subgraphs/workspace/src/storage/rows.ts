import { z } from 'zod';

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

/** PostgreSQL answers bigint columns and aggregates as strings. */
export const dbInt = z.coerce.number().int();

export const nullableString = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

/** A JSON text column, parsed and checked against `schema` on the way out. */
export function jsonText<T extends z.ZodType>(schema: T) {
  return z.string().transform((text, ctx): z.infer<T> => {
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: parsed.error.message });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
    return z.NEVER;
  });
}

export const stringList = jsonText(z.array(z.string()));

export const nowIso = () => new Date().toISOString();
