import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import { canonicalJson } from '../analysis/result';
import { badUserInput, InputErrorReason } from '../errors';
import type { Migration } from '../database';
import { createSnapshotMetadataTable } from '../identity';
import { writeSnapshot } from '../snapshot-writer';
import type { TabularSpec } from './spec';

export type Value = string | number | boolean | null;
export type TabularRecord = Record<string, Value>;

export function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(file), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as Record<string, string>[];
}

export function tabularMigrations(spec: TabularSpec): Migration[] {
  return [
    {
      name: '001_initial',
      async up(knex: Knex) {
        await createSnapshotMetadataTable(knex);
        await knex.schema.createTable('records', (t) => {
          for (const c of spec.columns) {
            const column =
              c.type === 'INTEGER'
                ? t.integer(c.column)
                : c.type === 'NUMBER'
                  ? t.double(c.column)
                  : c.type === 'BOOLEAN'
                    ? t.boolean(c.column)
                    : t.text(c.column);
            if (c.column === spec.key) column.primary();
            else if (!c.nullable) column.notNullable();
          }
        });
      },
      async down(knex: Knex) {
        await knex.schema.dropTable('records');
        await knex.schema.dropTable('snapshot_metadata');
      },
    },
  ];
}

function convert(text: string, type: TabularSpec['columns'][number]['type']): Value {
  if (text === '') return null;
  if (type === 'INTEGER' || type === 'NUMBER') return Number(text);
  if (type === 'BOOLEAN') return /^true$/i.test(text) ? 1 : 0;
  return text;
}

/** Builds the product's snapshot from its CSV, rows in key order: the same CSV gives the same bytes. */
export async function buildTabularSnapshot(
  spec: TabularSpec,
  csvFile: string,
  outFile: string,
  metadata: Record<string, string>,
) {
  const rows = readCsv(csvFile);
  const key = spec.columns.find((c) => c.column === spec.key)!;
  rows.sort((x, y) => (x[key.source]! < y[key.source]! ? -1 : x[key.source]! > y[key.source]! ? 1 : 0));
  await writeSnapshot({
    file: outFile,
    migrations: tabularMigrations(spec),
    referenceDate: metadata.snapshot_date ?? '1970-01-01',
    metadata,
    fill(db) {
      const insert = db.prepare(
        `INSERT INTO records (${spec.columns.map((c) => `"${c.column}"`).join(', ')}) VALUES (${spec.columns.map(() => '?').join(', ')})`,
      );
      db.transaction(() => {
        for (const row of rows)
          insert.run(...spec.columns.map((c) => convert((row[c.source] ?? '').trim(), c.type)));
      })();
    },
  });
}

export async function loadRecords(db: Knex, spec: TabularSpec): Promise<TabularRecord[]> {
  const rows = (await db('records').select('*').orderBy(spec.key)) as Record<string, Value>[];
  return rows.map((row) =>
    Object.fromEntries(
      spec.columns.map((c) => [
        c.field,
        c.type === 'BOOLEAN' && row[c.column] !== null ? row[c.column] === 1 : (row[c.column] ?? null),
      ]),
    ),
  );
}

export type FilterInput = Record<string, Value | Value[] | undefined>;

/** Compiles a filter input to a predicate, rejecting impossible ranges. */
export function compileFilter(
  spec: TabularSpec,
  filter: FilterInput,
  argument: string,
): (record: TabularRecord) => boolean {
  const tests: ((record: TabularRecord) => boolean)[] = [];
  for (const c of spec.columns) {
    if (c.type === 'INTEGER' || c.type === 'NUMBER') {
      const min = filter[`${c.field}Min`] as number | null | undefined;
      const max = filter[`${c.field}Max`] as number | null | undefined;
      if (min != null && max != null && min > max) {
        throw badUserInput(
          `${argument}.${c.field}Min (${min}) is greater than ${c.field}Max (${max}); swap them.`,
          {
            reason: InputErrorReason.InvalidFilter,
            argument: `${argument}.${c.field}Min`,
          },
        );
      }
      if (min != null) tests.push((r) => r[c.field] !== null && (r[c.field] as number) >= min);
      if (max != null) tests.push((r) => r[c.field] !== null && (r[c.field] as number) <= max);
    } else {
      const equal = filter[c.field];
      if (equal != null) tests.push((r) => r[c.field] === equal);
      const among = filter[`${c.field}In`] as Value[] | null | undefined;
      if (among != null) tests.push((r) => among.includes(r[c.field] ?? null));
    }
  }
  return (record) => tests.every((test) => test(record));
}

export function encodeSelectionId(kind: 'selection', definition: unknown): string {
  return `${kind}.v1.${Buffer.from(canonicalJson(definition), 'utf8').toString('base64url')}`;
}
