/** X-Request-Id and X-Response-Time on every response, errors included. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's request id when it is safe to echo, so traces join up across systems. */
export const genReqId: FastifyServerOptions['genReqId'] = (req) => {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
};

export function registerRequestContext(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
    reply.header('X-Response-Time', `${Math.round(reply.elapsedTime)}ms`);
  });
}
