/**
 * Signing in and out of the dashboard: POST /auth/login, GET /auth/session, POST /auth/logout,
 * POST /auth/logout-all and POST /auth/password. Sign-in is public but throttled per account and
 * per address; the rest need a session (and, being state-changing, its CSRF token).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Db } from '../db/client.ts';
import { csrfTokenFor } from '../http/csrf.ts';
import { AppError } from '../http/errors.ts';
import { FailureThrottle } from '../http/failure-throttle.ts';
import { errorResponses } from '../http/schemas/common.ts';
import { verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { LoginBody, PasswordChangeBody, SessionResponse } from './schemas.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import { createSession, revokeSession, revokeUserSessions, type SessionSettings, type SessionUser } from './sessions.ts';
import { changePassword, findUserByEmail, normaliseEmail } from './users.ts';

const tags = ['Dashboard sessions'];
const THROTTLE_WINDOW_MS = 15 * 60_000;

export interface AuthRouteOptions {
  db: Db;
  sessions: SessionSettings;
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
}

const sessionUserResponse = (u: SessionUser) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  company_id: u.companyId,
  company_name: u.companyName,
  must_change_password: u.mustChangePassword,
});

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, opts) => {
  const { db, sessions } = opts;
  // Only failures count, so a user who signs in correctly is never slowed by the throttle.
  const byAccount = new FailureThrottle(opts.loginFailuresPerAccount, THROTTLE_WINDOW_MS, sessions.now);
  const byAddress = new FailureThrottle(opts.loginFailuresPerAddress, THROTTLE_WINDOW_MS, sessions.now);

  const startSession = async (request: FastifyRequest, reply: FastifyReply, userId: string) => {
    const started = await createSession(db, sessions, userId, { ip: request.ip, userAgent: request.headers['user-agent'] });
    setSessionCookie(request, reply, started.token, sessions.maxAgeMs);
    return started;
  };

  app.post('/auth/login', {
    config: { public: true },
    schema: {
      tags,
      operationId: 'login',
      summary: 'Sign in with email and password: sets the nb_session cookie and returns a CSRF token',
      description:
        'A wrong email and a wrong password get the same 401 (`reason: invalid_credentials`) in about the same time. ' +
        'Too many failures for one account or from one address get 429 with Retry-After.',
      security: [],
      body: LoginBody,
      response: { 200: Type.Ref('Session'), ...errorResponses(400, 401, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      const email = normaliseEmail(request.body.email);
      const wait = Math.max(byAccount.retryAfterSeconds(email), byAddress.retryAfterSeconds(request.ip));
      if (wait > 0) {
        reply.header('Retry-After', String(wait));
        throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${wait} seconds`, undefined, { reason: 'login_throttled' });
      }
      const found = await findUserByEmail(db, email);
      const ok = found ? await verifyPassword(request.body.password, found.user.passwordHash) : await verifyAgainstNothing(request.body.password);
      if (!found || !ok) {
        byAccount.recordFailure(email);
        byAddress.recordFailure(request.ip);
        throw new AppError('UNAUTHORIZED', 'Wrong email or password', undefined, { reason: 'invalid_credentials' });
      }
      const { user, companyName } = found;
      const started = await startSession(request, reply, user.id);
      return {
        user: sessionUserResponse({ ...user, companyName }),
        csrf_token: csrfTokenFor(request, reply, started.csrfSecret),
      };
    },
  });

  app.get('/auth/session', {
    config: { account: true },
    schema: {
      tags,
      operationId: 'getSession',
      summary: 'Who is signed in, with a fresh CSRF token; 401 when the session has ended',
      response: { 200: Type.Ref('Session'), ...errorResponses(401, 403, 429) },
    },
    handler: async (request, reply) => {
      const session = request.auth.session!;
      return { user: sessionUserResponse(session.user), csrf_token: csrfTokenFor(request, reply, session.csrfSecret) };
    },
  });

  app.post('/auth/logout', {
    config: { account: true },
    schema: { tags, operationId: 'logout', summary: 'Sign out this browser', response: { 204: Type.Null(), ...errorResponses(401, 403, 429) } },
    handler: async (request, reply) => {
      await revokeSession(db, request.auth.session!.id);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  });

  app.post('/auth/logout-all', {
    config: { account: true },
    schema: { tags, operationId: 'logoutEverywhere', summary: 'Sign out every browser of this user, this one included', response: { 204: Type.Null(), ...errorResponses(401, 403, 429) } },
    handler: async (request, reply) => {
      await revokeUserSessions(db, request.auth.session!.user.id);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  });

  app.post('/auth/password', {
    config: { account: true },
    schema: {
      tags,
      operationId: 'changePassword',
      summary: 'Change your password: every session ends, and this browser gets a new one (call GET /auth/session for its CSRF token)',
      body: PasswordChangeBody,
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      const { user } = request.auth.session!;
      await changePassword(db, user.id, request.body.current_password, request.body.new_password);
      await startSession(request, reply, user.id);
      return reply.code(204).send(null);
    },
  });
};
