import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Migration } from '@mesh/product-kit';

/**
 * Access requests: a signed-in user asks a product's owners for one of its scopes, with a purpose; an owner
 * approves with an expiry or denies with a reason. The table sits in the API tokens' database (SQLite or
 * PostgreSQL), so every gateway replica sharing it sees the same requests and grants.
 */
export const accessRequestMigration: Migration = {
  name: '003_access_requests',
  async up(knex) {
    await knex.schema.createTable('gateway_access_requests', (table) => {
      table.string('id', 64).primary();
      table.string('subject', 200).notNullable().index();
      table.string('requester_name', 200);
      table.string('product', 100).notNullable().index();
      table.string('scope', 200).notNullable();
      table.string('purpose', 2000).notNullable();
      table.string('status', 16).notNullable().index();
      // Epoch milliseconds: compared as numbers on SQLite and PostgreSQL alike.
      table.bigInteger('created_at').notNullable();
      table.string('decided_by', 200);
      table.bigInteger('decided_at');
      table.string('reason', 2000);
      table.bigInteger('expires_at').index();
    });
  },
  async down(knex) {
    await knex.schema.dropTable('gateway_access_requests');
  },
};

/** Stored states; APPROVED past its expiry is shown as EXPIRED (expiry is a time, not a job). */
export type AccessRequestStatus = 'PENDING' | 'APPROVED' | 'DENIED' | 'EXPIRED';

export interface AccessRequest {
  id: string;
  subject: string;
  requesterName: string | null;
  product: string;
  scope: string;
  purpose: string;
  status: AccessRequestStatus;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  expiresAt: string | null;
}

export interface Grant {
  subject: string;
  scope: string;
  /** Epoch ms. */
  expiresAt: number;
}

interface Row {
  id: string;
  subject: string;
  requester_name: string | null;
  product: string;
  scope: string;
  purpose: string;
  status: string;
  created_at: string | number;
  decided_by: string | null;
  decided_at: string | number | null;
  reason: string | null;
  expires_at: string | number | null;
}

// PostgreSQL returns bigint as a string.
const iso = (ms: string | number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function toRequest(row: Row, now: number): AccessRequest {
  const expired = row.status === 'APPROVED' && row.expires_at !== null && Number(row.expires_at) <= now;
  return {
    id: row.id,
    subject: row.subject,
    requesterName: row.requester_name,
    product: row.product,
    scope: row.scope,
    purpose: row.purpose,
    status: expired ? 'EXPIRED' : (row.status as AccessRequestStatus),
    createdAt: iso(row.created_at)!,
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    reason: row.reason,
    expiresAt: iso(row.expires_at),
  };
}

export type Decision =
  | { decision: 'APPROVE'; expiresAt: number; decidedBy: string; reason?: string }
  | { decision: 'DENY'; reason: string; decidedBy: string };

export interface AccessRequestTable {
  create(request: {
    subject: string;
    requesterName: string | null;
    product: string;
    scope: string;
    purpose: string;
  }): Promise<AccessRequest>;
  get(id: string): Promise<AccessRequest | undefined>;
  /** A pending request of the subject for this scope, if any (one at a time). */
  pending(subject: string, scope: string): Promise<AccessRequest | undefined>;
  mine(subject: string): Promise<AccessRequest[]>;
  /** Requests on these products, pending first then the latest decided (bounded). */
  forProducts(products: readonly string[] | 'all'): Promise<AccessRequest[]>;
  /** Decides a pending request; false when it is no longer pending (someone else decided first). */
  decide(id: string, decision: Decision): Promise<boolean>;
  /** Approved grants that have not expired by `now`. */
  activeGrants(now: number): Promise<Grant[]>;
}

const LIST_LIMIT = 200;

export function accessRequestTable(db: Knex): AccessRequestTable {
  const table = () => db('gateway_access_requests');
  const rows = async (query: Knex.QueryBuilder) => {
    const now = Date.now();
    return ((await query) as Row[]).map((row) => toRequest(row, now));
  };
  return {
    async create(request) {
      const row: Row = {
        id: randomUUID(),
        subject: request.subject,
        requester_name: request.requesterName,
        product: request.product,
        scope: request.scope,
        purpose: request.purpose,
        status: 'PENDING',
        created_at: Date.now(),
        decided_by: null,
        decided_at: null,
        reason: null,
        expires_at: null,
      };
      await table().insert(row);
      return toRequest(row, Date.now());
    },
    async get(id) {
      const row = (await table().where({ id }).first()) as Row | undefined;
      return row && toRequest(row, Date.now());
    },
    async pending(subject, scope) {
      const row = (await table().where({ subject, scope, status: 'PENDING' }).first()) as Row | undefined;
      return row && toRequest(row, Date.now());
    },
    mine: (subject) => rows(table().where({ subject }).orderBy('created_at', 'desc').limit(LIST_LIMIT)),
    forProducts(products) {
      const query = table();
      if (products !== 'all') query.whereIn('product', [...products]);
      // The owner's queue first, then what was decided lately.
      return rows(
        query
          .orderByRaw("CASE WHEN status = 'PENDING' THEN 0 ELSE 1 END")
          .orderBy('created_at', 'desc')
          .limit(LIST_LIMIT),
      );
    },
    async decide(id, decision) {
      const changed = await table()
        .where({ id, status: 'PENDING' })
        .update({
          status: decision.decision === 'APPROVE' ? 'APPROVED' : 'DENIED',
          decided_by: decision.decidedBy,
          decided_at: Date.now(),
          reason: decision.reason ?? null,
          expires_at: decision.decision === 'APPROVE' ? decision.expiresAt : null,
        });
      return changed > 0;
    },
    async activeGrants(now) {
      const found = (await table()
        .select('subject', 'scope', 'expires_at')
        .where({ status: 'APPROVED' })
        .andWhere('expires_at', '>', now)) as Array<{ subject: string; scope: string; expires_at: string }>;
      return found.map((row) => ({
        subject: row.subject,
        scope: row.scope,
        expiresAt: Number(row.expires_at),
      }));
    },
  };
}
