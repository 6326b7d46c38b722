import type { HistoryFilter, UdatFilter, UdatKind } from '../../lib/workspace';

/** Query-string filters of the history and UDAT lists (pure): GET forms, so every view is a link. */

export type SearchParams = Record<string, string | string[] | undefined>;
export type Whose = 'all' | 'mine' | 'shared';

const MAX_TEXT = 200;
const UDAT_KINDS: readonly UdatKind[] = ['COHORT', 'GENE_SET', 'VARIABLE_GROUP', 'RESULT'];

function text(params: SearchParams, name: string): string {
  const raw = params[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return (value ?? '').trim().slice(0, MAX_TEXT);
}

function whose(params: SearchParams): Whose {
  const value = text(params, 'whose');
  return value === 'mine' || value === 'shared' ? value : 'all';
}

const mineOf = (value: Whose): boolean | undefined =>
  value === 'mine' ? true : value === 'shared' ? false : undefined;

export interface HistoryQuery {
  values: { search: string; app: string; product: string; whose: Whose };
  filter: HistoryFilter;
  after: string | null;
}

export function parseHistoryParams(params: SearchParams): HistoryQuery {
  const values = {
    search: text(params, 'search'),
    app: text(params, 'app'),
    product: text(params, 'product'),
    whose: whose(params),
  };
  const filter: HistoryFilter = {};
  if (values.search) filter.search = values.search;
  if (values.app) filter.app = values.app;
  if (values.product) filter.product = values.product;
  const mine = mineOf(values.whose);
  if (mine !== undefined) filter.mine = mine;
  return { values, filter, after: text(params, 'after') || null };
}

export interface UdatQuery {
  values: { search: string; tag: string; kind: UdatKind | ''; whose: Whose };
  filter: UdatFilter;
  after: string | null;
}

export function parseUdatParams(params: SearchParams): UdatQuery {
  const kind = text(params, 'kind');
  const values = {
    search: text(params, 'search'),
    tag: text(params, 'tag'),
    kind: (UDAT_KINDS as readonly string[]).includes(kind) ? (kind as UdatKind) : ('' as const),
    whose: whose(params),
  };
  const filter: UdatFilter = {};
  if (values.search) filter.search = values.search;
  if (values.tag) filter.tag = values.tag;
  if (values.kind) filter.kind = values.kind;
  const mine = mineOf(values.whose);
  if (mine !== undefined) filter.mine = mine;
  return { values, filter, after: text(params, 'after') || null };
}

/** The list URL with the same filters and another page (`after` null: the first page). */
export function pageHref(path: string, values: Record<string, string>, after: string | null): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value && !(name === 'whose' && value === 'all')) query.set(name, value);
  }
  if (after) query.set('after', after);
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** "a, b,, c " → ["a", "b", "c"], unique, in order. */
export function parseTags(input: string): string[] {
  return [
    ...new Set(
      input
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag.length > 0),
    ),
  ];
}

export const MAX_TAGS = 32;
export const MAX_TAG_LENGTH = 64;
export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;

/** Field problems of a name/description/tags form, as the workspace would report them. */
export function validateArtifactFields(fields: { name: string; description: string; tags: string[] }): {
  name?: string;
  description?: string;
  tags?: string;
} {
  const errors: { name?: string; description?: string; tags?: string } = {};
  if (!fields.name) errors.name = 'Enter a name.';
  else if (fields.name.length > MAX_NAME_LENGTH) errors.name = `Use at most ${MAX_NAME_LENGTH} characters.`;
  if (fields.description.length > MAX_DESCRIPTION_LENGTH) {
    errors.description = `Use at most ${MAX_DESCRIPTION_LENGTH.toLocaleString('en')} characters.`;
  }
  if (fields.tags.length > MAX_TAGS) errors.tags = `Use at most ${MAX_TAGS} tags.`;
  else if (fields.tags.some((tag) => tag.length > MAX_TAG_LENGTH)) {
    errors.tags = `Each tag may have at most ${MAX_TAG_LENGTH} characters.`;
  }
  return errors;
}
