/**
 * Version history as the product page shows it. Pure: unit-tested in web/test/catalog-history-model.test.ts.
 */

/** "1 breaking, 2 safe" from schema changes' criticality, most severe first; "no API change" when empty. */
export function summarizeChanges(changes: readonly { criticality: string }[]): string {
  if (changes.length === 0) return 'no API change';
  const order = ['BREAKING', 'DANGEROUS', 'SAFE'];
  const counts = new Map<string, number>();
  for (const { criticality } of changes) counts.set(criticality, (counts.get(criticality) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([criticality, count]) => `${count} ${criticality.toLowerCase()}`)
    .join(', ');
}

/** What the public JSON-LD document of one product version says about its release. */
export interface ReleaseFacts {
  version: string;
  /** Persistent identifier of the version (its JSON-LD document). */
  id: string | null;
  /** When the latest release of this version was published. */
  publishedAt: string | null;
  /** Every data snapshot served under this version, oldest first. */
  dataVersions: string[];
  gitCommit: string | null;
}

const stringOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export function readReleaseFacts(version: string, document: Record<string, unknown> | null): ReleaseFacts {
  const dataVersions = document?.['mesh:dataVersions'];
  return {
    version,
    id: stringOrNull(document?.['@id']),
    publishedAt: stringOrNull(document?.datePublished),
    dataVersions: Array.isArray(dataVersions)
      ? dataVersions.filter((value): value is string => typeof value === 'string')
      : [],
    gitCommit: stringOrNull(document?.['mesh:gitCommit']),
  };
}

/** The newest `limit` versions first (the registry lists them in order of first release). */
export function newestVersions(versions: readonly string[], limit: number): string[] {
  return [...versions].reverse().slice(0, limit);
}
