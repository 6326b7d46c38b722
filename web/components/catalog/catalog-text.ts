/**
 * Text and link helpers for the catalogue pages. Pure functions: no I/O, no React, so they are unit-tested
 * (web/test/catalog-text.test.ts) and usable from server and client components alike.
 */

/** Query terms as the registry's search splits them: letters and digits, lower-cased, unique. */
export function queryTerms(query: string): string[] {
  const terms = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set(terms)];
}

export interface TextPart {
  text: string;
  match: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits text into parts, marking every case-insensitive occurrence of a term (longest terms first). */
export function highlightTerms(text: string, terms: readonly string[]): TextPart[] {
  const usable = [...terms].filter(Boolean).sort((a, b) => b.length - a.length);
  if (usable.length === 0 || text === '') return text ? [{ text, match: false }] : [];
  const pattern = new RegExp(`(${usable.map(escapeRegExp).join('|')})`, 'giu');
  return text
    .split(pattern)
    .filter((part) => part !== '')
    .map((part) => ({ text: part, match: usable.some((term) => term === part.toLowerCase()) }));
}

/**
 * At most `maxLength` characters of a description, cut at word boundaries around the first term it
 * contains, with an ellipsis where text was left out.
 */
export function snippetAround(text: string, terms: readonly string[], maxLength = 200): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxLength) return clean;
  const lower = clean.toLowerCase();
  const hits = terms.map((term) => lower.indexOf(term)).filter((index) => index >= 0);
  const firstHit = hits.length > 0 ? Math.min(...hits) : 0;
  let start = Math.max(0, Math.min(firstHit - Math.floor(maxLength / 3), clean.length - maxLength));
  if (start > 0) {
    const space = clean.indexOf(' ', start);
    start = space >= 0 && space < firstHit ? space + 1 : start;
  }
  let end = Math.min(clean.length, start + maxLength);
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end);
    end = space > start ? space : end;
  }
  return `${start > 0 ? '…' : ''}${clean.slice(start, end).trim()}${end < clean.length ? '…' : ''}`;
}

export const productHref = (name: string) => `/products/${encodeURIComponent(name)}`;
export const appHref = (appId: string) => `/apps/${encodeURIComponent(appId)}`;

/** Anchors of the product page's schema documentation (GraphQL names are valid in ids as they are). */
export const typeAnchor = (typeName: string) => `type-${typeName}`;
export const fieldAnchor = (typeName: string, fieldName: string) => `field-${typeName}-${fieldName}`;

/** Where a search hit leads: the product page (at the type or field), or the app's page. */
export function hitHref(hit: { kind: string; product: string; coordinate: string }): string {
  const product = productHref(hit.product);
  switch (hit.kind) {
    case 'APP':
      return appHref(hit.coordinate);
    case 'TYPE':
      return `${product}#${typeAnchor(hit.coordinate)}`;
    case 'FIELD': {
      const [typeName, fieldName] = hit.coordinate.split('.');
      return typeName && fieldName ? `${product}#${fieldAnchor(typeName, fieldName)}` : product;
    }
    default:
      return product;
  }
}

/** An absolute http(s) URL as a link target, or null: catalogue metadata never becomes a `javascript:` link. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

/** The owner's contact (an email address or a URL, as the registry allows) as a link target, or null. */
export function contactHref(contact: string): string | null {
  if (EMAIL.test(contact)) return `mailto:${contact}`;
  return safeHttpUrl(contact);
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** A registry timestamp for people (UTC, so the server's time zone never leaks into the page). */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${DATE_TIME.format(date)} UTC`;
}

/** "1 app", "3 apps". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
