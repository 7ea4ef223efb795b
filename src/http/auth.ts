/**
 * Bearer API-key authentication and per-route permissions. Routes declare what they need with
 * `config: { permission: 'leads_read' }`; a route without one is refused rather than left open.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { authenticateApiKey, touchApiKey, type KeyIdentity } from '../keys/service.ts';
import { grants, type Permission } from '../keys/permissions.ts';
import { ApiKeyCache } from '../keys/key-cache.ts';
import { forbidden, unauthorized } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: KeyIdentity;
  }
  interface FastifyContextConfig {
    permission?: Permission;
    /** The route is open to anyone (e.g. the Typeform webhook, which is signed instead). */
    public?: boolean;
  }
}

export function registerApiKeyAuth(app: FastifyInstance, db: Db, cacheTtlMs: number) {
  const cache = new ApiKeyCache(cacheTtlMs);
  app.decorateRequest('auth', null as unknown as KeyIdentity);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public || request.is404) return;
    request.auth = await authenticateApiKey(db, bearerToken(request), cache);
    if (cache.shouldTouch(request.auth.keyId)) {
      touchApiKey(db, request.auth.keyId).catch((err) => request.log.warn({ err }, 'could not record key use'));
    }
    const needed = config.permission;
    if (!needed) throw forbidden('This endpoint is not available to API keys');
    if (!grants(request.auth.permissions, needed)) {
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
