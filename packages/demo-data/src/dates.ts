const DAY_MS = 86_400_000;

export function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseIsoDate(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}

export function addDays(iso: string, days: number): string {
  return toIsoDate(parseIsoDate(iso) + days * DAY_MS);
}

/** Same month and day, `years` earlier (28 Feb for a 29 Feb that does not exist then). */
export function minusYears(iso: string, years: number): string {
  const date = new Date(parseIsoDate(iso));
  const shifted = Date.UTC(date.getUTCFullYear() - years, date.getUTCMonth(), date.getUTCDate());
  const result = new Date(shifted);
  return result.getUTCMonth() === date.getUTCMonth() ? toIsoDate(shifted) : toIsoDate(shifted - DAY_MS);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((parseIsoDate(toIso) - parseIsoDate(fromIso)) / DAY_MS);
}
