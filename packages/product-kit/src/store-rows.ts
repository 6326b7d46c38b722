import { z } from 'zod';

/**
 * Row parsers for services on the kit's store (SQLite or PostgreSQL, `openServiceStore`): each storage
 * module zod-parses its rows before they leave, and the two databases answer some types differently.
 */

/** SQLite answers booleans as 0/1, PostgreSQL as true/false. */
export const dbBoolean = z.union([z.boolean(), z.number()]).transform((value) => Boolean(value));

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

export const nowIso = () => new Date().toISOString();
