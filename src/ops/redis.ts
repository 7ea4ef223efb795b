/**
 * The Redis client: shared rate-limit counters only, so it must fail fast rather than make
 * requests wait. Commands are not queued while disconnected (they fail at once and the caller
 * falls back), each command has a time-out, a connection attempt has a time-out, and reconnection
 * goes on in the background (at most every 2 s) so Redis coming back needs no restart.
 * Connection errors are logged at a bounded rate: an outage is a few lines, not a flood.
 */
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';

/** At most one line per this interval while Redis keeps failing. */
export const REDIS_ERROR_LOG_INTERVAL_MS = 10_000;

export type RedisTimeouts = Pick<Config, 'redisConnectTimeoutMs' | 'redisCommandTimeoutMs'>;

export function createRedisClient(url: string, timeouts: RedisTimeouts, warn: (line: string) => void): Redis {
  const redis = new Redis(url, {
    connectTimeout: timeouts.redisConnectTimeoutMs,
    commandTimeout: timeouts.redisCommandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastLogged = 0;
  let suppressed = 0;
  redis.on('error', (err: Error) => {
    const now = Date.now();
    if (now - lastLogged < REDIS_ERROR_LOG_INTERVAL_MS) {
      suppressed++;
      return;
    }
    warn(`Redis unavailable: ${err.message}${suppressed ? ` (${suppressed} similar errors not logged)` : ''}`);
    lastLogged = now;
    suppressed = 0;
  });
  redis.on('ready', () => {
    if (lastLogged) warn('Redis is back');
    lastLogged = 0;
    suppressed = 0;
  });
  return redis;
}

/** Resolves once connected, or after `ms`: a Redis that is down at boot must not stop the API. */
export function redisReady(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once('ready', done);
  });
}
