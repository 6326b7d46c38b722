import { PUBLISHED_DEV_SECRETS } from '../production';

/**
 * Who is asking. The gateway authenticates (JWT or API token) and forwards the caller to the products in
 * a signed identity header; a product trusts no other source of identity.
 */
export interface Caller {
  kind: 'anonymous' | 'user' | 'token';
  /** Stable subject id (JWT `sub`, or the owner of an API token); null when anonymous. */
  subject: string | null;
  name: string | null;
  roles: string[];
  /** Everything the caller may do: granted directly or through roles. */
  scopes: string[];
  /** API tokens: the token's id (never the secret), for audit. */
  tokenId?: string;
  /**
   * True only on the gateway's own call recording a run it executed (the signed `rec` claim): the
   * workspace stores that call's lineage as established by the platform, anything else as user-supplied.
   */
  recording?: boolean;
  /**
   * Scopes held only through an approved access request, until it expires (gateway-side; never signed into
   * a hop). Anything minted from a caller — an API token — must leave them out, or they would outlive it.
   */
  grantedScopes?: string[];
}

export const ANONYMOUS: Caller = Object.freeze({
  kind: 'anonymous',
  subject: null,
  name: null,
  roles: [],
  scopes: [],
}) as Caller;

/** `<product>:read`: the scope a private product requires for its data. */
export function readScope(product: string): string {
  return `${product}:read`;
}

/**
 * `<product>:aggregate`: the aggregate-only tier. Its holder runs analyses and counts (with small cells
 * suppressed) but never reads row-level values; see aggregateFields and analysis/disclosure.
 */
export function aggregateScope(product: string): string {
  return `${product}:aggregate`;
}

/**
 * What each demo role may do. A real deployment maps its identity provider's roles or groups the same way
 * (ROLE_SCOPES of the gateway); scopes in a token's `scope` claim are granted as they are.
 */
export const DEFAULT_ROLE_SCOPES: Readonly<Record<string, readonly string[]>> = {
  // De-identified research: clinical and expression data, no identifying fields, no germline detail.
  analyst: ['clinical:read', 'genomics:read', 'trials:read', 'workspace:read', 'workspace:write'],
  // Care teams: the clinical record including identifying fields; no genomics.
  clinician: ['clinical:read', 'clinical:identifiable', 'trials:read', 'workspace:read', 'workspace:write'],
  'genomics-researcher': [
    'clinical:read',
    'genomics:read',
    'genomics:variants',
    'workspace:read',
    'workspace:write',
  ],
  // What a data-access committee grants for aggregate-only research: analyses and counts, no rows.
  'aggregate-analyst': [
    'clinical:aggregate',
    'genomics:aggregate',
    'trials:aggregate',
    'workspace:read',
    'workspace:write',
  ],
  admin: [
    'clinical:read',
    'clinical:identifiable',
    'genomics:read',
    'genomics:variants',
    'trials:read',
    'workspace:read',
    'workspace:write',
    'mesh:admin',
  ],
};

export function scopesForRoles(
  roles: readonly string[],
  roleScopes: Readonly<Record<string, readonly string[]>> = DEFAULT_ROLE_SCOPES,
  granted: readonly string[] = [],
): string[] {
  const scopes = new Set(granted);
  for (const role of roles) for (const scope of roleScopes[role] ?? []) scopes.add(scope);
  return [...scopes].sort();
}

export interface DemoUser {
  username: string;
  name: string;
  roles: string[];
}

/**
 * Demo users of the development identity provider (gateway `POST /auth/login`). DEV ONLY: their password
 * is DEMO_PASSWORD; the gateway refuses this sign-in with NODE_ENV=production or a real identity provider.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'alice', name: 'Alice Analyst', roles: ['analyst'] },
  { username: 'carol', name: 'Carol Clinician', roles: ['clinician'] },
  { username: 'gene', name: 'Gene Researcher', roles: ['genomics-researcher'] },
  { username: 'ada', name: 'Ada Admin', roles: ['admin'] },
  { username: 'bob', name: 'Bob Analyst', roles: ['analyst'] },
  { username: 'dora', name: 'Dora Aggregate', roles: ['aggregate-analyst'] },
];
/** DEV ONLY default password of every demo user. */
export const DEMO_PASSWORD: string = PUBLISHED_DEV_SECRETS.DEMO_PASSWORD;
