/** The team (permission users_manage): list, create with a one-time password, change role, remove. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../db/client.ts';
import { errorResponses, IdParams } from '../http/schemas/common.ts';
import { UserCreate, UserCreated, UserList, UserPatch } from './schemas.ts';
import { changeUserRole, createUser, listUsers, removeUser } from './users.ts';

const tags = ['Team'];
const permission = 'users_manage' as const;

export const userRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tenant = (companyId: string) => ({ db, companyId });

  app.get('/users', {
    config: { permission },
    schema: { tags, operationId: 'listUsers', summary: 'Your company’s dashboard users', response: { 200: UserList, ...errorResponses(401, 403, 429) } },
    handler: async (request) => ({ data: await listUsers(tenant(request.auth.companyId)) }),
  });

  // Not idempotent on purpose: a replay would need the one-time password kept in the idempotency store.
  app.post('/users', {
    config: { permission },
    schema: {
      tags,
      operationId: 'createUser',
      summary: 'Add a user; their one-time password is in this response only and must be changed at first sign-in',
      body: UserCreate,
      response: { 201: UserCreated, ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      const { user, oneTimePassword } = await createUser(tenant(request.auth.companyId), request.body);
      return reply.code(201).send({ user, one_time_password: oneTimePassword! });
    },
  });

  app.patch('/users/:id', {
    config: { permission },
    schema: {
      tags,
      operationId: 'updateUser',
      summary: 'Change a user’s role (it applies to their next request); the last admin cannot be demoted',
      params: IdParams,
      body: UserPatch,
      response: { 200: Type.Ref('User'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
    },
    handler: async (request) => changeUserRole(tenant(request.auth.companyId), request.params.id, request.body.role),
  });

  app.delete('/users/:id', {
    config: { permission },
    schema: {
      tags,
      operationId: 'deleteUser',
      summary: 'Remove a user and end their sessions; the last admin cannot be removed',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404, 409, 429) },
    },
    handler: async (request, reply) => {
      await removeUser(tenant(request.auth.companyId), request.params.id);
      return reply.code(204).send(null);
    },
  });
};
