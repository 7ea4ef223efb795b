/** HTTP face of developments: schema, permission, one service call per route. */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.ts';
import { errorResponses, IdParams } from '../http/schemas/common.ts';
import { toDevelopmentResponse, toDevelopmentWithStats } from './mapping.ts';
import { DevelopmentCreate, DevelopmentList, DevelopmentListQuery, DevelopmentPatch } from './schemas.ts';
import { archiveDevelopment, createDevelopment, getDevelopmentWithStats, listDevelopments, updateDevelopment } from './service.ts';

const tags = ['Developments'];
const DevelopmentRef = Type.Ref('Development');

export const developmentRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/developments', {
    config: { permission: 'developments_read' },
    schema: {
      tags,
      operationId: 'listDevelopments',
      summary: "All of your company's developments, newest first",
      description: 'Archived developments are left out unless `include_archived=true`.',
      querystring: DevelopmentListQuery,
      response: { 200: DevelopmentList, ...errorResponses(400, 401, 403, 429) },
    },
    handler: async (request) => ({
      data: (await listDevelopments(request.ctx, { includeArchived: request.query.include_archived })).map(toDevelopmentResponse),
    }),
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
      description: 'Names are unique among live developments, ignoring case: a second one is a 409 whose `existing_id` names the first.',
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
      description:
        'Only the fields sent change. Prices are checked against each other (after the change). Leads already scored keep their scores until they are re-scored. A new name must not be another live development\'s (409).',
      params: IdParams,
      body: DevelopmentPatch,
      response: { 200: DevelopmentRef, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
    },
    handler: async (request) =>
      toDevelopmentResponse(await updateDevelopment(request.ctx, request.params.id, request.body)),
  });

  app.delete('/developments/:id', {
    config: { permission: 'developments_write' },
    schema: {
      tags,
      operationId: 'archiveDevelopment',
      summary: 'Archive a development (its data and leads are kept)',
      description:
        'Sets `archived_at`; archiving again changes nothing. An archived development leaves `GET /developments` ' +
        '(unless `include_archived=true`) and frees its name, but can still be read by id and its leads keep it.',
      params: IdParams,
      response: { 200: DevelopmentRef, ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request) => toDevelopmentResponse(await archiveDevelopment(request.ctx, request.params.id)),
  });
};
