/**
 * CSRF protection for requests authenticated by the session cookie (the synchronizer-token
 * pattern, with @fastify/csrf-protection). Each session has its own secret, kept server-side in
 * its row; the dashboard receives tokens derived from it (POST /auth/login, GET /auth/session) and
 * sends one as `X-CSRF-Token` on every state-changing request. Another site can make a browser
 * send the cookie, but cannot read a token, so its forged request is refused with 403.
 * API-key requests carry no ambient credential and need no token.
 */
import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The shape @fastify/csrf-protection reads its secret from (its "@fastify/session" mode). */
    session: { _csrf?: string } | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

export async function registerCsrf(app: FastifyInstance) {
  app.decorateRequest('session', null);
  await app.register(csrfProtection, {
    sessionPlugin: '@fastify/session',
    // Only the header: a token in a form field or the query string could be sent by a plain HTML form.
    getToken: (request) => {
      const value = request.headers[CSRF_HEADER];
      return typeof value === 'string' ? value : undefined;
    },
  });
  // Runs after authentication (registered after it): it needs the session the request belongs to.
  app.addHook('onRequest', (request, reply, done) => {
    const session = request.auth?.session;
    if (!session || SAFE_METHODS.has(request.method)) return done();
    request.session = { _csrf: session.csrfSecret };
    app.csrfProtection(request, reply, done);
  });
}

/** A fresh token for the session (each call gives a different one; all are valid for it). */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, csrfSecret: string): string {
  request.session = { _csrf: csrfSecret };
  return reply.generateCsrf();
}
