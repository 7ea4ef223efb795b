import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FailureThrottle } from './failure-throttle.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

test('a caller is refused once its failures reach the limit, until its window ends', () => {
  const c = clock();
  const throttle = new FailureThrottle(3, 60_000, c.now);
  for (let i = 0; i < 2; i++) throttle.recordFailure('1.2.3.4');
  assert.equal(throttle.retryAfterSeconds('1.2.3.4'), 0, 'two failures are allowed');
  throttle.recordFailure('1.2.3.4');
  c.advance(15_500);
  assert.equal(throttle.retryAfterSeconds('1.2.3.4'), 45, 'refused for the rest of the minute, rounded up');
  assert.equal(throttle.retryAfterSeconds('5.6.7.8'), 0, 'another caller is not affected');
  c.advance(44_500);
  assert.equal(throttle.retryAfterSeconds('1.2.3.4'), 0, 'a new window starts clean');
  throttle.recordFailure('1.2.3.4');
  assert.equal(throttle.retryAfterSeconds('1.2.3.4'), 0);
});

test('failures in an earlier window do not add up with later ones', () => {
  const c = clock();
  const throttle = new FailureThrottle(2, 60_000, c.now);
  throttle.recordFailure('a');
  c.advance(61_000);
  throttle.recordFailure('a');
  assert.equal(throttle.retryAfterSeconds('a'), 0);
});

test('memory stays bounded under a flood of distinct callers, and a limited caller is still limited', () => {
  const c = clock();
  const throttle = new FailureThrottle(1, 60_000, c.now);
  throttle.recordFailure('attacker');
  c.advance(1);
  for (let i = 0; i < 10_000; i++) throttle.recordFailure(`10.0.${i >> 8}.${i & 255}`);
  // the oldest entry made room for the flood; every caller of the flood is limited
  assert.equal(throttle.retryAfterSeconds('10.0.39.15'), 60);
  assert.equal((throttle as unknown as { windows: Map<string, unknown> }).windows.size, 10_000);
});
