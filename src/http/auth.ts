/**
 * Authentication and per-route permissions. The hook finds the caller (today an API key), builds
 * the request's context (`request.ctx`: database, company, actor, address, request id and the
 * caller's permissions) and checks the route's permission against it. Routes declare what they
 * need with `config: { permission: 'leads_read' }`; a route without one is refused rather than
 * left open. Another kind of caller (a dashboard session) plugs in as another `Caller`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../context/actor.ts';
import type { Context } from '../context/context.ts';
import type { Db } from '../db/client.ts';
import { forbidden, unauthorized } from '../errors.ts';
import { authenticateApiKey, touchApiKey, type KeyIdentity } from '../keys/service.ts';
import { grants, type Permission } from '../keys/permissions.ts';
import { ApiKeyCache } from '../keys/key-cache.ts';

/** Whoever presented credentials: the company they act for, who they are, what they may do. */
export interface Caller {
  companyId: string;
  actor: Actor;
  permissions: readonly string[];
  /** Requests per minute this caller may make; null for the service's default. */
  rateLimitPerMinute: number | null;
}

/** The context of one authenticated request; services take it (or its tenant part). */
export interface RequestContext extends Context {
  readonly permissions: readonly string[];
  readonly rateLimitPerMinute: number | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every route that is not public. */
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    permission?: Permission;
    /** The route is open to anyone (e.g. the Typeform webhook, which is signed instead). */
    public?: boolean;
  }
}

/** The request's context for any caller. */
export function requestContext(request: FastifyRequest, db: Db, caller: Caller): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    db,
    companyId: caller.companyId,
    actor: caller.actor,
    permissions: caller.permissions,
    rateLimitPerMinute: caller.rateLimitPerMinute,
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : undefined,
    requestId: request.id,
  };
}

export function registerAuth(app: FastifyInstance, db: Db, cacheTtlMs: number) {
  const cache = new ApiKeyCache<KeyIdentity>(cacheTtlMs);
  app.decorateRequest('ctx', null as unknown as RequestContext);

  async function apiKeyCaller(request: FastifyRequest): Promise<Caller> {
    const key = await authenticateApiKey(db, bearerToken(request), cache);
    if (cache.shouldTouch(key.keyId)) {
      touchApiKey(db, key.keyId).catch((err) => request.log.warn({ err }, 'could not record key use'));
    }
    return {
      companyId: key.companyId,
      actor: { kind: 'api_key', keyId: key.keyId, name: key.name },
      permissions: key.permissions,
      rateLimitPerMinute: key.rateLimitPerMinute,
    };
  }

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public || request.is404) return;
    request.ctx = requestContext(request, db, await apiKeyCaller(request));
    const needed = config.permission;
    if (!needed) throw forbidden('This endpoint is not available to API keys');
    if (!grants(request.ctx.permissions, needed)) {
      throw forbidden(`This API key lacks the ${needed} permission`);
    }
  });
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function parseBearer(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('Send your API key as Authorization: Bearer nb_live_…');
  const token = parseBearer(header);
  if (token === undefined) throw unauthorized('The Authorization header must be "Bearer <API key>"');
  return token;
}
