/**
 * A short-lived, per-process memory of authenticated keys. Without it every request pays one or
 * two database round trips before any work (≈2 ms each on PGlite). The price is bounded
 * staleness: a key revoked elsewhere keeps working here for at most `ttlMs` (5 s by default).
 */
const MAX_ENTRIES = 10_000;
/** `last_used_at` is written at most this often per key per process. */
const TOUCH_EVERY_MS = 60_000;

/** Holds whatever identity a key authenticates as (`Identity`), by the key's hash. */
export class ApiKeyCache<Identity> {
  private readonly byHash = new Map<string, { identity: Identity; expiresAt: number }>();
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(hash: string): Identity | undefined {
    const hit = this.byHash.get(hash);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.now()) {
      this.byHash.delete(hash);
      return undefined;
    }
    return hit.identity;
  }

  set(hash: string, identity: Identity): void {
    if (this.ttlMs <= 0) return;
    if (this.byHash.size >= MAX_ENTRIES) this.byHash.delete(this.byHash.keys().next().value!);
    this.byHash.set(hash, { identity, expiresAt: this.now() + this.ttlMs });
  }

  /** True when this process should record a use of the key now. */
  shouldTouch(keyId: string): boolean {
    const now = this.now();
    const last = this.touchedAt.get(keyId);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return false;
    if (this.touchedAt.size >= MAX_ENTRIES) this.touchedAt.clear();
    this.touchedAt.set(keyId, now);
    return true;
  }
}
