/**
 * Per-caller rate limits (an API key, or a dashboard user). One process counts in memory; with
 * REDIS_URL every process shares one atomic counter per caller, so a limit holds across the fleet.
 *
 * While Redis cannot answer, each process counts in its own memory instead (fail open to a local
 * limiter): requests keep flowing at once, and a caller still gets at most its limit per process,
 * so N processes allow at most N times the limit until Redis is back. docs/decisions.md says why.
 */
import rateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { actorLabel } from '../context/context.ts';
import { AppError } from '../errors.ts';

export interface RateLimitOptions {
  defaultPerMinute: number;
  redis?: Redis;
}

const NAMESPACE = 'naybourhood:rl:';

export async function registerRateLimit(app: FastifyInstance, opts: RateLimitOptions) {
  await app.register(rateLimit, {
    timeWindow: 60_000,
    // Runs after authentication (an instance hook), so every count belongs to a known key.
    hook: 'onRequest',
    keyGenerator: (request) => (request.ctx ? actorLabel(request.ctx.actor) : request.ip),
    max: (request) => request.ctx?.rateLimitPerMinute ?? opts.defaultPerMinute,
    allowList: (request) => !request.ctx,
    ...(opts.redis ? { store: sharedWithLocalFallback(opts.redis) } : {}),
    errorResponseBuilder: (_request, context) => {
      const err = new AppError('RATE_LIMITED', `Rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`);
      return Object.assign(err, { statusCode: 429 });
    },
  });
}

type StoreCtor = new (continueExceeding: boolean, exponentialBackoff: boolean, ...rest: unknown[]) => FastifyRateLimitStore;
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as StoreCtor;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as StoreCtor;

/** Counts in Redis while it is connected and answers; otherwise (or on any error) in memory. */
function sharedWithLocalFallback(redis: Redis) {
  const make = (shared: FastifyRateLimitStore, local: FastifyRateLimitStore): FastifyRateLimitStore => ({
    incr(key, callback, timeWindow, max) {
      if (redis.status !== 'ready') return local.incr(key, callback, timeWindow, max);
      shared.incr(key, (err, result) => (err ? local.incr(key, callback, timeWindow, max) : callback(null, result)), timeWindow, max);
    },
    child: (routeOptions) => make(shared.child(routeOptions), local.child(routeOptions)),
  });
  return class {
    constructor(params: { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      const continueExceeding = params.continueExceeding ?? false;
      const exponentialBackoff = params.exponentialBackoff ?? false;
      return make(new RedisStore(continueExceeding, exponentialBackoff, redis, NAMESPACE), new LocalStore(continueExceeding, exponentialBackoff));
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
