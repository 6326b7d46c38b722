import type { Caller, Logger } from '@mesh/product-kit';
import type { AccessRequestTable, Grant } from './store';

export interface GrantView {
  /** The caller with the scopes of its approved, unexpired grants added (checked against the clock now). */
  withGrants(caller: Caller): Caller;
  /** Takes a grant in at once (this replica); the others see it within a refresh. */
  add(grant: Grant): void;
  refresh(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Approved access grants, in memory: authenticating a request never waits on the database. Each refresh
 * (about once a second) re-reads every approved, unexpired grant, so the replicas sharing the table agree
 * within a refresh; expiry is checked against `expiresAt` on every use, so it is exact, not refresh-bound.
 */
export async function createGrantView(options: {
  table?: AccessRequestTable;
  refreshMs?: number;
  logger?: Logger;
}): Promise<GrantView> {
  let bySubject = new Map<string, Grant[]>();
  let refreshing: Promise<void> | undefined;

  const index = (grants: readonly Grant[]) => {
    const next = new Map<string, Grant[]>();
    for (const grant of grants) next.set(grant.subject, [...(next.get(grant.subject) ?? []), grant]);
    return next;
  };

  async function refresh(): Promise<void> {
    if (!options.table) return;
    bySubject = index(await options.table.activeGrants(Date.now()));
  }

  await refresh();
  const timer = options.table
    ? setInterval(() => {
        refreshing ??= refresh()
          .catch((error: unknown) =>
            // Keeps serving with the grants it has (each still bounded by its expiry); the next refresh retries.
            options.logger?.warn({ err: error }, 'access grant refresh failed'),
          )
          .finally(() => (refreshing = undefined));
      }, options.refreshMs ?? 1_000)
    : undefined;
  timer?.unref();

  return {
    withGrants(caller) {
      if (!caller.subject || caller.kind === 'anonymous') return caller;
      const grants = bySubject.get(caller.subject);
      if (!grants) return caller;
      const now = Date.now();
      const added = grants.filter((grant) => grant.expiresAt > now && !caller.scopes.includes(grant.scope));
      if (added.length === 0) return caller;
      const granted = added.map((grant) => grant.scope);
      return { ...caller, scopes: [...caller.scopes, ...granted].sort(), grantedScopes: granted.sort() };
    },
    add(grant) {
      bySubject = index([...[...bySubject.values()].flat(), grant]);
    },
    refresh,
    async close() {
      clearInterval(timer);
      await refreshing;
    },
  };
}
