/**
 * The identity nonces (`jti`) a product process has accepted, each kept until its identity expires: a
 * header seen twice within its lifetime is a replay. Bounded: entries leave when they expire (insertion
 * order is expiry order, the lifetime being the gateway's constant), and past `capacity` the oldest leave
 * first — a replay of one of those still has to carry the same body to the same product within seconds.
 *
 * One set per process: replicas of a product each keep their own, so a header could be replayed once to
 * each replica, with the same body, within its lifetime. The body digest and the short lifetime bound that.
 */
export class SeenNonces {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity = 200_000) {}

  /** Records `nonce` until `expiresAt` (ms); false when it was already there (a replay). */
  add(nonce: string, expiresAt: number, now: number): boolean {
    if (this.has(nonce, now)) return false;
    this.evict(now);
    this.expiries.set(nonce, expiresAt);
    return true;
  }

  /** True while `nonce` is remembered (spent and not yet expired). */
  has(nonce: string, now: number): boolean {
    const known = this.expiries.get(nonce);
    return known !== undefined && known > now;
  }

  get size(): number {
    return this.expiries.size;
  }

  private evict(now: number): void {
    for (const [nonce, expiresAt] of this.expiries) {
      if (expiresAt > now && this.expiries.size < this.capacity) break;
      this.expiries.delete(nonce);
    }
  }
}
