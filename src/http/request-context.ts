/**
 * On every response, errors included: X-Request-Id and X-Response-Time, and the headers that keep
 * personal data out of caches and stop browsers guessing a content type.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Keeps a caller's request id when it is a short token safe to echo and log (a UUID, a trace id),
 * so traces join up across systems; anything else is replaced by our own.
 */
export const genReqId: FastifyServerOptions['genReqId'] = (req) => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
};

export function registerRequestContext(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    reply.header('X-Response-Time', `${Math.round(reply.elapsedTime)}ms`);
    reply.header('X-Content-Type-Options', 'nosniff');
    // Answers carry personal data: no shared or browser cache keeps them. The API docs' static
    // assets set their own caching and keep it.
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  });
}
