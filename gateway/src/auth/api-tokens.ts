import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { openServiceStore, type Caller, type Migration } from '@mesh/product-kit';
import { revocationMigration, revocationTable, type RevocationTable } from './revocations';
import {
  accessRequestMigration,
  accessRequestTable,
  type AccessRequestTable,
} from '../access-requests/store';

/** API tokens start with this, so secret scanners and people recognise them. */
export const API_TOKEN_PREFIX = 'mesh_pat_';

export interface ApiTokenRecord {
  id: string;
  label: string;
  subject: string;
  name: string | null;
  roles: string[];
  /** The scopes the token carries: the owner's at creation, or a subset the owner chose. */
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface Row {
  id: string;
  token_hash: string;
  label: string;
  subject: string;
  name: string | null;
  roles: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const apiTokenMigrations: Migration[] = [
  {
    name: '001_api_tokens',
    async up(knex) {
      // Stores created before this migration existed already hold the table.
      if (await knex.schema.hasTable('gateway_api_tokens')) return;
      await knex.schema.createTable('gateway_api_tokens', (table) => {
        table.string('id', 64).primary();
        table.string('token_hash', 64).notNullable().unique();
        table.string('label', 200).notNullable();
        table.string('subject', 200).notNullable().index();
        table.string('name', 200);
        table.text('roles').notNullable();
        table.text('scopes').notNullable();
        table.string('created_at', 40).notNullable();
        table.string('expires_at', 40);
        table.string('last_used_at', 40);
        table.string('revoked_at', 40);
      });
    },
    async down(knex) {
      await knex.schema.dropTable('gateway_api_tokens');
    },
  },
  revocationMigration,
  accessRequestMigration,
];

/** Default of API_TOKEN_MAX_DAYS: no token lives longer than a year. */
export const DEFAULT_API_TOKEN_MAX_DAYS = 365;
const DAY_MS = 86_400_000;

/** When a token expires (epoch ms); tokens stored without an expiry get the maximum from their creation. */
function expiryOf(row: Row, maxDays: number): number {
  return row.expires_at ? Date.parse(row.expires_at) : Date.parse(row.created_at) + maxDays * DAY_MS;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toRecord(row: Row): ApiTokenRecord {
  return {
    id: row.id,
    label: row.label,
    subject: row.subject,
    name: row.name,
    roles: JSON.parse(row.roles) as string[],
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export interface ApiTokenStore {
  kind: 'sqlite' | 'postgres';
  /** Creates a token for the caller; the secret is returned once and only its SHA-256 is stored. */
  create(
    owner: Caller,
    options: { label: string; scopes?: string[]; expiresInDays: number },
  ): Promise<{ token: string; record: ApiTokenRecord }>;
  list(subject: string): Promise<ApiTokenRecord[]>;
  /** Revokes one of the subject's tokens; false when it has no such token. */
  revoke(subject: string, id: string): Promise<boolean>;
  /** The caller a token stands for, or why it is refused. Cached briefly: revocation applies within `cacheMs`. */
  verify(token: string): Promise<Caller | { refused: string }>;
  /** Signed-out JWTs, in the same database (shared by the gateway replicas). */
  revocations: RevocationTable;
  /** Access requests and the grants approved (access-requests/), in the same database. */
  accessRequests: AccessRequestTable;
  close(): Promise<void>;
}

/**
 * API tokens for notebooks and tools (`Authorization: Bearer mesh_pat_…`): long-lived, revocable, scoped.
 * Stored in SQLite (default, a file next to the demo data) or PostgreSQL (`databaseUrl`), hashed.
 */
export async function openApiTokenStore(options: {
  databaseUrl?: string;
  databaseFile: string;
  cacheMs?: number;
  /**
   * Longest lifetime of a token, in days (API_TOKEN_MAX_DAYS, default 365). Tokens stored without an expiry
   * (created before there was a maximum) expire this long after their creation.
   */
  maxDays?: number;
}): Promise<ApiTokenStore> {
  const store = await openServiceStore({
    databaseUrl: options.databaseUrl,
    databaseFile: options.databaseFile,
    migrations: apiTokenMigrations,
    migrationsTable: 'gateway_migrations',
  });
  const { db, kind } = store;
  const cacheMs = options.cacheMs ?? 10_000;
  const maxDays = options.maxDays ?? DEFAULT_API_TOKEN_MAX_DAYS;
  const cache = new Map<string, { result: Caller | { refused: string }; until: number }>();

  return {
    kind,
    async create(owner, { label, scopes, expiresInDays }) {
      if (!owner.subject) throw new Error('an anonymous caller cannot own a token');
      if (!(expiresInDays >= 1 && expiresInDays <= maxDays))
        throw new RangeError(`expiresInDays must be 1 to ${maxDays} (got ${expiresInDays})`);
      // Scopes held through an access request are not minted into a token: they reach it through the grant
      // while it lasts (the authenticator adds them), and would otherwise outlive its expiry.
      const temporary = new Set(owner.grantedScopes ?? []);
      const granted = new Set(owner.scopes.filter((scope) => !temporary.has(scope)));
      const tokenScopes = scopes ? scopes.filter((scope) => granted.has(scope)) : [...granted];
      const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const now = new Date();
      const row: Row = {
        id: randomUUID(),
        token_hash: hashToken(token),
        label,
        subject: owner.subject,
        name: owner.name,
        roles: JSON.stringify(owner.roles),
        scopes: JSON.stringify([...tokenScopes].sort()),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + expiresInDays * DAY_MS).toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db('gateway_api_tokens').insert(row);
      return { token, record: toRecord(row) };
    },
    async list(subject) {
      const rows = (await db('gateway_api_tokens').where({ subject }).orderBy('created_at', 'desc')) as Row[];
      return rows.map(toRecord);
    },
    async revoke(subject, id) {
      const changed = await db('gateway_api_tokens')
        .where({ subject, id })
        .whereNull('revoked_at')
        .update({ revoked_at: new Date().toISOString() });
      cache.clear();
      return changed > 0;
    },
    async verify(token) {
      const now = Date.now();
      const hit = cache.get(token);
      if (hit && hit.until > now) return hit.result;
      const row = (await db('gateway_api_tokens')
        .where({ token_hash: hashToken(token) })
        .first()) as Row | undefined;
      let result: Caller | { refused: string };
      if (!row) result = { refused: 'This API token is unknown. Create one on the API tokens page.' };
      else if (row.revoked_at)
        result = { refused: `API token "${row.label}" was revoked on ${row.revoked_at}.` };
      else if (expiryOf(row, maxDays) <= now)
        result = {
          refused: `API token "${row.label}" expired on ${new Date(expiryOf(row, maxDays)).toISOString()}. Create a new one.`,
        };
      else {
        result = {
          kind: 'token',
          subject: row.subject,
          name: row.name,
          roles: JSON.parse(row.roles) as string[],
          scopes: JSON.parse(row.scopes) as string[],
          tokenId: row.id,
        };
        // Off the request path; a failure here must not fail the request.
        db('gateway_api_tokens')
          .where({ id: row.id })
          .update({ last_used_at: new Date(now).toISOString() })
          .catch(() => undefined);
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(token, { result, until: now + cacheMs });
      return result;
    },
    revocations: revocationTable(db),
    accessRequests: accessRequestTable(db),
    close: () => store.close(),
  };
}
