/**
 * Per-caller rate limits (an API key, or a dashboard user). One process counts in memory; with
 * REDIS_URL every process shares one atomic counter per caller, so a limit holds across the fleet.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { actorLabel } from '../context/context.ts';
import { AppError } from '../errors.ts';

export interface RateLimitOptions {
  defaultPerMinute: number;
  redis?: Redis;
}

export async function registerRateLimit(app: FastifyInstance, opts: RateLimitOptions) {
  await app.register(rateLimit, {
    timeWindow: 60_000,
    // Runs after authentication (an instance hook), so every count belongs to a known key.
    hook: 'onRequest',
    keyGenerator: (request) => (request.ctx ? actorLabel(request.ctx.actor) : request.ip),
    max: (request) => request.ctx?.rateLimitPerMinute ?? opts.defaultPerMinute,
    allowList: (request) => !request.ctx,
    redis: opts.redis,
    nameSpace: 'naybourhood:rl:',
    // A Redis outage must not take the API down with it.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const err = new AppError('RATE_LIMITED', `Rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`);
      return Object.assign(err, { statusCode: 429 });
    },
  });
}
