/** State of the access forms (server action results shown next to the form). */
export type AccessFormState =
  | { status: 'idle' }
  | { status: 'done'; message: string }
  | { status: 'error'; code?: string; message: string };

/** The approval lengths an owner picks from, in minutes (the gateway bounds them: ACCESS_GRANT_MAX_DAYS). */
export const EXPIRY_CHOICES: ReadonlyArray<{ minutes: number; label: string }> = [
  { minutes: 1, label: '1 minute' },
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 8 * 60, label: '8 hours' },
  { minutes: 24 * 60, label: '1 day' },
  { minutes: 7 * 24 * 60, label: '7 days' },
  { minutes: 30 * 24 * 60, label: '30 days' },
  { minutes: 90 * 24 * 60, label: '90 days' },
];
export const DEFAULT_EXPIRY_MINUTES = 7 * 24 * 60;

/** The product a scope belongs to: `genomics:read` → `genomics`. */
export function productOfScope(scope: string): string {
  return scope.split(':')[0] ?? scope;
}

/** Scopes named by a `requiredScopes` extension (a list of alternatives, each a list of scopes, or flat). */
export function scopesOf(required: unknown): string[] {
  const flat = Array.isArray(required) ? required.flat(2) : [];
  return [
    ...new Set(flat.filter((scope): scope is string => typeof scope === 'string' && scope.includes(':'))),
  ];
}

/** Where "Request access" leads: the access page's form, filled in for this scope. */
export function requestAccessHref(scope: string, next?: string): string {
  const params = new URLSearchParams({ scope });
  if (next) params.set('next', next);
  return `/access?${params.toString()}#request`;
}
