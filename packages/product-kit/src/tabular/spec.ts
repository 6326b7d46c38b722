/** A product served from one table (a CSV): what the scaffolder infers and a team then edits. */
export type TabularColumnType = 'INTEGER' | 'NUMBER' | 'STRING' | 'BOOLEAN';

export interface TabularColumn {
  /** Header in the source CSV. */
  source: string;
  /** SQL column (snake_case). */
  column: string;
  /** GraphQL field (camelCase). */
  field: string;
  type: TabularColumnType;
  nullable: boolean;
  description: string;
  unit?: string;
  /** For text columns with few distinct values: the categories, usable in summaries and comparisons. */
  categories?: string[];
}

export interface TabularSpec {
  /** Product name (lower case), e.g. gapminder. */
  product: string;
  /** Type-name prefix, e.g. Gapminder. */
  prefix: string;
  /** The key column's `column`: unique and never empty. */
  key: string;
  columns: TabularColumn[];
}

const INT32 = 2 ** 31 - 1;
const MAX_CATEGORIES = 30;

export function snakeCase(name: string): string {
  const snake = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  return /^[a-z]/.test(snake) ? snake : `c_${snake}`;
}

export function camelCase(name: string): string {
  return snakeCase(name).replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel[0]!.toUpperCase() + camel.slice(1);
}

function inferType(values: string[]): TabularColumnType {
  const present = values.filter((value) => value !== '');
  if (present.length === 0) return 'STRING';
  if (present.every((value) => /^(true|false)$/i.test(value))) return 'BOOLEAN';
  if (present.every((value) => /^-?\d+$/.test(value) && Math.abs(Number(value)) <= INT32)) return 'INTEGER';
  if (present.every((value) => value.trim() !== '' && Number.isFinite(Number(value)))) return 'NUMBER';
  return 'STRING';
}

export class SpecError extends Error {}

/** Infers a typed spec from CSV rows (header → values as text). */
export function inferTabularSpec(
  product: string,
  rows: Record<string, string>[],
  keySource: string,
): TabularSpec {
  if (!/^[a-z][a-z0-9]*$/.test(product))
    throw new SpecError(
      `--name must be lower-case letters and digits, starting with a letter (got "${product}")`,
    );
  if (rows.length === 0) throw new SpecError('The CSV has no data rows');
  const headers = Object.keys(rows[0]!);
  if (!headers.includes(keySource))
    throw new SpecError(`--key ${keySource} is not a column; the columns are: ${headers.join(', ')}`);
  const fields = new Set<string>();
  const columns = headers.map((source): TabularColumn => {
    const values = rows.map((row) => (row[source] ?? '').trim());
    const type = inferType(values);
    const field = camelCase(source);
    if (fields.has(field)) throw new SpecError(`Columns collide after renaming to GraphQL fields: ${field}`);
    fields.add(field);
    const distinct = [...new Set(values.filter((value) => value !== ''))].sort();
    const categorical =
      type === 'STRING' &&
      source !== keySource &&
      distinct.length <= MAX_CATEGORIES &&
      distinct.length < rows.length / 2;
    return {
      source,
      column: snakeCase(source),
      field,
      type,
      nullable: values.some((value) => value === ''),
      description: `${source} (inferred ${type.toLowerCase()}${categorical ? `, ${distinct.length} categories` : ''}; describe it here).`,
      ...(categorical && { categories: distinct }),
    };
  });
  const keyValues = rows.map((row) => (row[keySource] ?? '').trim());
  const seen = new Set<string>();
  for (const value of keyValues) {
    if (value === '')
      throw new SpecError(
        `Key column ${keySource} has empty values; choose a column that identifies every row`,
      );
    if (seen.has(value))
      throw new SpecError(
        `Key column ${keySource} repeats "${value}"; choose a column that identifies every row`,
      );
    seen.add(value);
  }
  const key = columns.find((column) => column.source === keySource)!;
  key.nullable = false;
  return { product, prefix: pascalCase(product), key: key.column, columns };
}

export const graphqlScalar = (type: TabularColumnType) =>
  ({ INTEGER: 'Int', NUMBER: 'Float', STRING: 'String', BOOLEAN: 'Boolean' })[type];

export function keyColumn(spec: TabularSpec): TabularColumn {
  return spec.columns.find((column) => column.column === spec.key)!;
}

/** Columns analyses can use: numbers, and text or booleans with categories. */
export function analysableColumns(spec: TabularSpec) {
  return spec.columns.filter(
    (c) => c.type === 'INTEGER' || c.type === 'NUMBER' || c.type === 'BOOLEAN' || c.categories,
  );
}
