/**
 * buildApp(deps) → a Fastify instance with every route, and no global state, so tests can build
 * as many as they like. Listening, workers and signals belong to src/server.ts.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { registerApiKeyAuth } from './http/auth.ts';
import { registerV1ErrorHandling, sendV1Error, type WireError } from './http/error-handler.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerRateLimit } from './http/rate-limit.ts';
import { genReqId, registerRequestContext } from './http/request-context.ts';
import { registerInputLimits, registerValidation } from './http/validation.ts';
import { developmentRoutes } from './developments/routes.ts';
import { leadRoutes } from './leads/routes.ts';
import { scoreRoutes } from './score/routes.ts';
import { leadScoringRoutes } from './leadscoring/routes.ts';
import { toEnvelope } from './leadscoring/envelope.ts';
import { registerHealth } from './ops/health.ts';
import { registerMetrics } from './ops/metrics.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import { inboundRoutes } from './inbound/routes.ts';
import { hubspotRoutes } from './integrations/hubspot/routes.ts';
import { statsRoutes } from './stats/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { modelRoutes } from './models/routes.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  redis?: Redis;
  /** Pino options, or false for silence (tests). */
  logger?: boolean | Record<string, unknown>;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Longer than any id or email (254) a path can carry, even percent-encoded. */
export const MAX_PATH_PARAM_LENGTH = 1024;

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const db = database.db;
  let shuttingDown = false;
  const app = Fastify({
    logger: deps.logger ?? {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
    },
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId,
    requestIdHeader: false,
    // Behind a load balancer every socket is the balancer's; request.ip (rate limits of
    // unauthenticated calls) must then come from X-Forwarded-For, but only as many hops as we trust.
    trustProxy: config.trustProxyHops > 0 ? (_address: string, hop: number) => hop < config.trustProxyHops : false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    // The router refuses a malformed URL ("/leads/%ZZ") or an over-long path parameter before any
    // route or hook runs; without this those answers would be Fastify's own JSON, not our format.
    frameworkErrors: (err, request, reply) => {
      const wire: WireError = {
        status: 400,
        code: 'INVALID_REQUEST',
        message: err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? `A path parameter is longer than ${MAX_PATH_PARAM_LENGTH} characters` : 'The URL is not valid',
      };
      reply.header('X-Request-Id', request.id);
      if (request.url.startsWith('/api/v1/leadscoring')) return (reply as FastifyReply).status(400).send(toEnvelope(wire));
      return sendV1Error(reply as FastifyReply, wire);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onClose', async () => {
    shuttingDown = true;
  });

  // JSON is the only body the API speaks; anything else is a clear 415, not a type error.
  app.removeContentTypeParser('text/plain');
  registerValidation(app);
  registerInputLimits(app);
  registerRequestContext(app);
  registerV1ErrorHandling(app);
  await registerOpenApi(app);
  registerHealth(app, db, () => shuttingDown);
  registerMetrics(app, { token: config.metricsToken });

  await app.register(
    async (v1) => {
      registerApiKeyAuth(v1, db, config.apiKeyCacheTtlMs);
      await registerRateLimit(v1, { defaultPerMinute: config.rateLimitPerMinute, redis: deps.redis });
      registerIdempotency(v1, db);
      await v1.register(leadRoutes, { db });
      await v1.register(scoreRoutes, { db });
      await v1.register(leadScoringRoutes, { db, prefix: '/leadscoring', failuresPerMinute: config.publicWebhookFailuresPerMinute });
      await v1.register(webhookRoutes, { db, config });
      await v1.register(inboundRoutes, { db });
      await v1.register(hubspotRoutes, { db, config });
      await v1.register(developmentRoutes, { db });
      await v1.register(statsRoutes, { db });
      await v1.register(importRoutes, { db });
      await v1.register(modelRoutes, { db });
    },
    { prefix: '/api/v1' },
  );
  return app;
}
