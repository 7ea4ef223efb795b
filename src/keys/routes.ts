/** API keys over the API (permission keys_manage): list, create (the secret shown once), revoke. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../db/client.ts';
import { forbidden } from '../http/errors.ts';
import { errorResponses, IdParams } from '../http/schemas/common.ts';
import type { ApiKeyCache } from './key-cache.ts';
import { ungrantable } from './permissions.ts';
import { ApiKeyList, KeyCreate } from './schemas.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './service.ts';

const tags = ['API keys'];
const permission = 'keys_manage' as const;

export const keyRoutes: FastifyPluginAsyncTypebox<{ db: Db; keyCache: ApiKeyCache }> = async (app, { db, keyCache }) => {
  app.get('/keys', {
    config: { permission },
    schema: { tags, operationId: 'listApiKeys', summary: 'Your API keys, newest first, revoked ones included', response: { 200: ApiKeyList, ...errorResponses(401, 403, 429) } },
    handler: async (request) => ({ data: await listApiKeys(db, request.auth.companyId) }),
  });

  // Not idempotent on purpose: a replay would need the key itself kept in the idempotency store.
  app.post('/keys', {
    config: { permission },
    schema: {
      tags,
      operationId: 'createApiKey',
      summary: 'Create an API key; the key itself is in this response only',
      body: KeyCreate,
      response: { 201: Type.Ref('ApiKeyWithSecret'), ...errorResponses(400, 401, 403, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      const beyond = ungrantable(request.auth.permissions, request.body.permissions);
      if (beyond.length) throw forbidden(`You cannot grant permissions you do not hold: ${beyond.join(', ')}`);
      const key = await createApiKey(db, {
        companyId: request.auth.companyId,
        name: request.body.name,
        permissions: request.body.permissions,
        rateLimitPerMinute: request.body.rate_limit_per_minute,
      });
      return reply.code(201).send(key);
    },
  });

  app.delete('/keys/:id', {
    config: { permission },
    schema: {
      tags,
      operationId: 'revokeApiKey',
      summary: 'Revoke a key: refused at once by this process, by every other within API_KEY_CACHE_TTL_MS',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request, reply) => {
      await revokeApiKey(db, request.params.id, request.auth.companyId);
      keyCache.forget(request.params.id);
      return reply.code(204).send(null);
    },
  });
};
