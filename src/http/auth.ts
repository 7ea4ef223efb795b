/**
 * Who is calling, and may they? A request carries either an API key (`Authorization: Bearer …`)
 * or a dashboard session cookie; either way it becomes one Principal with a company, permissions
 * (a user's come from their role, src/accounts/roles.ts) and a rate-limit identity, so every
 * route treats both alike. Routes declare what they need with `config: { permission }`; a route
 * with neither a permission nor `account: true` is refused rather than left open.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../context/actor.ts';
import type { Db } from '../db/client.ts';
import { authenticateApiKey, touchApiKey } from '../keys/service.ts';
import { grants, type Permission } from '../keys/permissions.ts';
import type { ApiKeyCache } from '../keys/key-cache.ts';
import { ROLE_PERMISSIONS } from '../accounts/roles.ts';
import { findSession, type ActiveSession, type SessionSettings } from '../accounts/sessions.ts';
import { clearSessionCookie, sessionTokenOf, SESSION_COOKIE } from '../accounts/session-cookie.ts';
import { AppError, forbidden, unauthorized } from './errors.ts';

export interface Principal {
  companyId: string;
  permissions: readonly string[];
  rateLimitPerMinute: number | null;
  /** What rate limits count against: the key, or the user (all their sessions together). */
  rateLimitKey: string;
  actor: Actor;
  /** Present when a dashboard session authenticated the request. */
  session?: ActiveSession;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Principal;
  }
  interface FastifyContextConfig {
    permission?: Permission;
    /** The route is open to anyone (e.g. the Typeform webhook, which is signed instead). */
    public?: boolean;
    /** The route is about the signed-in user's own account: any dashboard session, no API key. */
    account?: boolean;
  }
}

export interface AuthOptions {
  keyCache: ApiKeyCache;
  sessions: SessionSettings;
  sessionRateLimitPerMinute: number;
}

export function registerAuth(app: FastifyInstance, db: Db, opts: AuthOptions) {
  app.decorateRequest('auth', null as unknown as Principal);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.public || request.is404) return;
    const header = request.headers.authorization;
    // A Bearer header wins over a cookie: a script holding a key is never treated as a browser.
    request.auth = header === undefined && request.cookies[SESSION_COOKIE] !== undefined
      ? await sessionPrincipal(db, request, reply, opts)
      : await keyPrincipal(db, request, opts.keyCache);
    const session = request.auth.session;
    if (config.account) {
      if (!session) throw forbidden('This endpoint is for signed-in dashboard users, not API keys');
      return;
    }
    if (session?.user.mustChangePassword) {
      throw new AppError('FORBIDDEN', 'Choose a new password first (POST /api/v1/auth/password)', undefined, { reason: 'password_change_required' });
    }
    const needed = config.permission;
    if (!needed) throw forbidden(session ? 'This endpoint is not available to dashboard sessions' : 'This endpoint is not available to API keys');
    if (!grants(request.auth.permissions, needed)) {
      throw forbidden(session ? `Your role (${session.user.role}) does not allow this: it needs the ${needed} permission` : `This API key lacks the ${needed} permission`);
    }
  });
}

async function keyPrincipal(db: Db, request: FastifyRequest, cache: ApiKeyCache): Promise<Principal> {
  const key = await authenticateApiKey(db, bearerToken(request), cache);
  if (cache.shouldTouch(key.keyId)) {
    touchApiKey(db, key.keyId).catch((err) => request.log.warn({ err }, 'could not record key use'));
  }
  return {
    companyId: key.companyId,
    permissions: key.permissions,
    rateLimitPerMinute: key.rateLimitPerMinute,
    rateLimitKey: `key:${key.keyId}`,
    actor: { kind: 'api_key', keyId: key.keyId, name: key.name },
  };
}

async function sessionPrincipal(db: Db, request: FastifyRequest, reply: FastifyReply, opts: AuthOptions): Promise<Principal> {
  const token = sessionTokenOf(request);
  const session = token === undefined ? null : await findSession(db, opts.sessions, token);
  if (!session) {
    clearSessionCookie(request, reply);
    throw new AppError('UNAUTHORIZED', 'Your session has ended; sign in again', undefined, { reason: 'session_expired' });
  }
  const { user } = session;
  return {
    companyId: user.companyId,
    permissions: ROLE_PERMISSIONS[user.role],
    rateLimitPerMinute: opts.sessionRateLimitPerMinute,
    rateLimitKey: `user:${user.id}`,
    actor: { kind: 'user', userId: user.id, email: user.email, role: user.role },
    session,
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function parseBearer(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('Send your API key as Authorization: Bearer nb_live_…, or sign in to the dashboard');
  const token = parseBearer(header);
  if (token === undefined) throw unauthorized('The Authorization header must be "Bearer <API key>"');
  return token;
}
