/**
 * Retry policy as data (pure): how long to wait before attempt n+1. Exponential from a base with
 * ±20% jitter so a burst of failures does not come back as a burst, and a server's Retry-After
 * honoured but clamped so no target can park a job longer than we would ourselves.
 */
export interface RetryPolicy {
  /** Total attempts, the first included (a webhook is retried up to 3 times → 4). */
  maxAttempts: number;
  baseMs: number;
  /** Each wait is the previous one times this. */
  factor: number;
  /** Upper bound of any single wait, Retry-After included. */
  maxDelayMs: number;
}

/** The wait before the next attempt, after `attempt` attempts (1-based) have failed. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: number, retryAfterMs?: number): number {
  const exponential = policy.baseMs * policy.factor ** Math.max(0, attempt - 1);
  const jittered = exponential * (0.8 + 0.4 * random);
  const wanted = retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
  return Math.round(Math.min(wanted, policy.maxDelayMs));
}

/** Parses an HTTP Retry-After (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
