/** HTTP face of developments: schema, permission, one service call per route. */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.ts';
import { errorResponses, IdParams } from '../http/schemas/common.ts';
import { toDevelopmentResponse, toDevelopmentWithStats } from './mapping.ts';
import { DevelopmentCreate, DevelopmentList, DevelopmentPatch } from './schemas.ts';
import { createDevelopment, getDevelopmentWithStats, listDevelopments, updateDevelopment } from './service.ts';

const tags = ['Developments'];
const DevelopmentRef = Type.Ref('Development');

export const developmentRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/developments', {
    config: { permission: 'developments_read' },
    schema: {
      tags,
      operationId: 'listDevelopments',
      summary: "All of your company's developments, newest first",
      response: { 200: DevelopmentList, ...errorResponses(401, 403, 429) },
    },
    handler: async (request) => ({ data: (await listDevelopments(request.ctx)).map(toDevelopmentResponse) }),
  });

  app.get('/developments/:id', {
    config: { permission: 'developments_read' },
    schema: {
      tags,
      operationId: 'getDevelopment',
      summary: 'A development with statistics of its leads',
      description: '`lead_stats` counts the leads that are not archived, exactly as `GET /stats?development_id=` does.',
      params: IdParams,
      response: { 200: Type.Ref('DevelopmentWithStats'), ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request) =>
      toDevelopmentWithStats(await getDevelopmentWithStats(request.ctx, request.params.id)),
  });

  app.post('/developments', {
    config: { permission: 'developments_write', idempotent: true },
    schema: {
      tags,
      operationId: 'createDevelopment',
      summary: 'Create a development; its prices and unit mix inform lead scoring',
      body: DevelopmentCreate,
      response: { 201: DevelopmentRef, ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      const row = await createDevelopment(request.ctx, request.body);
      return reply.code(201).send(toDevelopmentResponse(row));
    },
  });

  app.patch('/developments/:id', {
    config: { permission: 'developments_write' },
    schema: {
      tags,
      operationId: 'updateDevelopment',
      summary: 'Change some fields of a development',
      params: IdParams,
      body: DevelopmentPatch,
      response: { 200: DevelopmentRef, ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
    },
    handler: async (request) =>
      toDevelopmentResponse(await updateDevelopment(request.ctx, request.params.id, request.body)),
  });
};
