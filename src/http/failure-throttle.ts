/**
 * Counts a caller's *failed* requests to a public endpoint and refuses the caller for the rest of
 * the minute once there are too many. Only failures count, so a sender whose requests succeed
 * (Typeform delivering signed responses) is never slowed, while someone guessing client ids or
 * signatures is stopped before each guess costs a database read.
 *
 * Per process, in memory: a fleet of N processes lets through at most N times the limit, which is
 * enough to make guessing pointless without adding Redis to a public path.
 */
const MAX_TRACKED = 10_000;

export class FailureThrottle {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(
    private readonly limitPerWindow: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `caller` may try again, or 0 when it may try now. */
  retryAfterSeconds(caller: string): number {
    const w = this.windows.get(caller);
    if (w === undefined || w.failures < this.limitPerWindow) return 0;
    const left = w.startedAt + this.windowMs - this.now();
    if (left <= 0) {
      this.windows.delete(caller);
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  recordFailure(caller: string): void {
    const now = this.now();
    const w = this.windows.get(caller);
    if (w !== undefined && now - w.startedAt < this.windowMs) {
      w.failures++;
      return;
    }
    if (w === undefined && this.windows.size >= MAX_TRACKED) this.forgetOldest(now);
    this.windows.set(caller, { startedAt: now, failures: 1 });
  }

  /** Drops finished windows, or the oldest one when all are current (a flood of distinct callers). */
  private forgetOldest(now: number): void {
    for (const [caller, w] of this.windows) if (now - w.startedAt >= this.windowMs) this.windows.delete(caller);
    if (this.windows.size >= MAX_TRACKED) this.windows.delete(this.windows.keys().next().value!);
  }
}
