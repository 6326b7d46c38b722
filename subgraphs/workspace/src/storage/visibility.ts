import type { Knex } from 'knex';
import type { DatabaseKind } from './database';

/** Whom a request-scoped storage reads and writes for: the verified caller. */
export interface Viewer {
  subject: string;
  name: string | null;
  roles: readonly string[];
}

/** `?` is found in the column's text: instr on SQLite, strpos on PostgreSQL (both case-sensitive). */
function containsSql(kind: DatabaseKind, column: string): string {
  return kind === 'postgres' ? `strpos(${column}, ?) > 0` : `instr(${column}, ?) > 0`;
}

/**
 * Rows whose JSON string array column holds `value` exactly: the JSON-quoted value is searched for, so
 * "analyst" never matches "senior-analyst". Arrays are written by this product with JSON.stringify.
 */
export function whereJsonArrayHas(
  kind: DatabaseKind,
  query: Knex.QueryBuilder,
  column: string,
  value: string,
): Knex.QueryBuilder {
  return query.whereRaw(containsSql(kind, column), [JSON.stringify(value)]);
}

/**
 * The row-level rule, and its only implementation: lists, counts and by-id loads all go through it, so a
 * row the viewer may not see is indistinguishable from a missing one. PRIVATE: the owner only. TEAM: the
 * owner and every caller holding one of the roles the owner had when last saving the row. PUBLIC: everyone
 * who reached the product (it already required workspace:read).
 */
export function whereVisibleTo(
  kind: DatabaseKind,
  query: Knex.QueryBuilder,
  viewer: Viewer,
): Knex.QueryBuilder {
  return query.where((visible) => {
    visible.where('owner_subject', viewer.subject).orWhere('visibility', 'PUBLIC');
    if (viewer.roles.length > 0) {
      visible.orWhere((team) => {
        team.where('visibility', 'TEAM').andWhere((sharesRole) => {
          for (const role of viewer.roles)
            sharesRole.orWhereRaw(containsSql(kind, 'owner_roles_json'), [JSON.stringify(role)]);
        });
      });
    }
  });
}

/** Case-insensitive substring match on any of `columns` (ASCII case folding on SQLite). */
export function whereSearch(
  query: Knex.QueryBuilder,
  columns: readonly string[],
  term: string,
): Knex.QueryBuilder {
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return query.where((search) => {
    for (const column of columns) search.orWhereRaw(`lower(${column}) like ? escape '\\'`, [pattern]);
  });
}
