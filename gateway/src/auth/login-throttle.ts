import { isIPv6 } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Failed sign-ins counted per account and per client address, in fixed windows. Reaching the limit locks
 * the key: every attempt is refused (429) until the lock ends, the right password included, so guessing
 * stops at the limit. An account's successive lock-outs double in length (backoff, capped at a day).
 *
 * Kept in memory, bounded (least recently touched keys go first): each gateway replica counts on its own,
 * so N replicas allow N times the limit. A shared store (Redis) is the next step for larger deployments.
 */
export interface LoginThrottleOptions {
  /** Failed sign-ins of one account (user name) allowed per window; default 5 per 15 minutes. */
  perAccount?: { failures: number; windowMs: number };
  /** Failed sign-ins from one client address allowed per window; default 30 per minute. */
  perAddress?: { failures: number; windowMs: number };
  /** Keys remembered at most (each kind); default 10,000. */
  maxEntries?: number;
}

interface Entry {
  failures: number;
  windowStart: number;
  lockedUntil: number;
  /** Lock-outs so far; each doubles the next one. */
  lockouts: number;
}

const MAX_LOCK_MS = 24 * 3600_000;

class FailureCounter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly failures: number,
    private readonly windowMs: number,
    private readonly maxEntries: number,
    private readonly backoff: boolean,
  ) {}

  /** Milliseconds until the key may try again; 0 when it is not locked. */
  lockedFor(key: string, now: number): number {
    const entry = this.entries.get(key);
    return entry && entry.lockedUntil > now ? entry.lockedUntil - now : 0;
  }

  fail(key: string, now: number): void {
    let entry = this.entries.get(key);
    if (!entry) entry = { failures: 0, windowStart: now, lockedUntil: 0, lockouts: 0 };
    // Re-inserted, so the map's order is least recently touched first.
    this.entries.delete(key);
    if (now - entry.windowStart >= this.windowMs) {
      entry.failures = 0;
      entry.windowStart = now;
      // A quiet day forgets earlier lock-outs.
      if (now - entry.lockedUntil > MAX_LOCK_MS) entry.lockouts = 0;
    }
    entry.failures += 1;
    if (entry.failures >= this.failures) {
      const lockMs = this.backoff
        ? Math.min(this.windowMs * 2 ** entry.lockouts, MAX_LOCK_MS)
        : entry.windowStart + this.windowMs - now;
      entry.lockedUntil = now + lockMs;
      entry.lockouts += 1;
      entry.failures = 0;
      entry.windowStart = now;
    }
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

export interface LoginAttempt {
  account: string;
  address: string;
}

export interface LoginThrottle {
  /** Seconds to wait before this attempt may be made (Retry-After), or 0 when it may go ahead. */
  retryAfterSeconds(attempt: LoginAttempt): number;
  failed(attempt: LoginAttempt): void;
  succeeded(attempt: LoginAttempt): void;
}

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const perAccount = options.perAccount ?? { failures: 5, windowMs: 15 * 60_000 };
  const perAddress = options.perAddress ?? { failures: 30, windowMs: 60_000 };
  const maxEntries = options.maxEntries ?? 10_000;
  const accounts = new FailureCounter(perAccount.failures, perAccount.windowMs, maxEntries, true);
  const addresses = new FailureCounter(perAddress.failures, perAddress.windowMs, maxEntries, false);
  const accountKey = (account: string) => account.trim().toLowerCase();
  return {
    retryAfterSeconds({ account, address }) {
      const now = Date.now();
      const waitMs = Math.max(
        accounts.lockedFor(accountKey(account), now),
        addresses.lockedFor(addressKey(address), now),
      );
      return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
    },
    failed({ account, address }) {
      const now = Date.now();
      accounts.fail(accountKey(account), now);
      addresses.fail(addressKey(address), now);
    },
    succeeded({ account }) {
      // Only reached while unlocked: a lock is never lifted early by the right password.
      accounts.forget(accountKey(account));
    },
  };
}

/**
 * The client's address: the socket's peer, or, behind a reverse proxy the operator trusts (TRUST_PROXY),
 * the last address that proxy appended to X-Forwarded-For (earlier entries are the client's to forge).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = [req.headers['x-forwarded-for'] ?? []].flat().join(',');
    const last = forwarded
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .pop();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * The unit an address limit counts: an IPv4 address, or an IPv6 /64 — one host is usually handed a whole
 * /64, so counting single IPv6 addresses would give an attacker 2^64 fresh budgets (and let them push other
 * accounts' locks out of the bounded table).
 */
export function addressKey(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!isIPv6(plain)) return plain;
  const [head = '', tail = ''] = plain.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = plain.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = plain.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
