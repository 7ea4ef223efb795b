import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseMs: 1000, factor: 4, maxDelayMs: 60_000 };

test('exponential from the base, ×factor per attempt, with ±20% jitter', () => {
  const cases: [attempt: number, random: number, expected: number][] = [
    [1, 0.5, 1000], [2, 0.5, 4000], [3, 0.5, 16000],
    [1, 0, 800], [1, 1, 1200], [2, 0, 3200], [3, 1, 19200],
  ];
  for (const [attempt, random, expected] of cases) assert.equal(retryDelayMs(policy, attempt, random), expected, `attempt ${attempt}, random ${random}`);
});

test('never longer than maxDelayMs', () => {
  assert.equal(retryDelayMs(policy, 10, 1), 60_000);
});

test('Retry-After wins when it asks for longer, clamped to the maximum', () => {
  assert.equal(retryDelayMs(policy, 1, 0.5, 5000), 5000);
  assert.equal(retryDelayMs(policy, 1, 0.5, 10), 1000);
  assert.equal(retryDelayMs(policy, 1, 0.5, 3_600_000), 60_000);
});

test('Retry-After parses seconds and HTTP dates, and ignores junk', () => {
  const now = Date.parse('2026-11-23T00:00:00Z');
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter('Mon, 23 Nov 2026 00:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Sun, 22 Nov 2026 00:00:30 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});
