/** HTTP face of leads: schema, permission, one service call per route. */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, IdParams, MessageResponse } from '../http/schemas/common.ts';
import { invalid } from '../errors.ts';
import type { Db } from '../db/client.ts';
import { LeadCreate, LeadListQuery, LeadPage, LeadPatch, ScoreHistory, ScoreHistoryQuery } from './schemas.ts';
import { toLeadResponse, toLeadWithBreakdown } from './mapping.ts';
import { listLeadsAfterCursor, listLeadsPage } from './queries.ts';
import { archiveLead, createLead, getLead, scoreHistory, updateLead } from './service.ts';

const tags = ['Leads'];
const LeadRef = Type.Ref('LeadWithBreakdown');

export const leadRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/leads', {
    config: { permission: 'leads_read' },
    schema: {
      tags,
      operationId: 'listLeads',
      summary: 'List leads, newest first',
      description: 'Page mode (`page`, `per_page`) answers with `meta`; cursor mode (`limit`, `cursor`) with `pagination`.',
      querystring: LeadListQuery,
      response: { 200: LeadPage, ...errorResponses(400, 401, 403, 429) },
    },
    handler: async (request) => {
      const q = request.query;
      const cursorMode = q.limit !== undefined || q.cursor !== undefined;
      if (cursorMode && (q.page !== undefined || q.per_page !== undefined)) {
        throw invalid('Use either page/per_page or limit/cursor, not both', [
          { field: 'cursor', message: 'cursor mode (limit, cursor) cannot be combined with page mode (page, per_page)' },
        ]);
      }
      if (cursorMode) {
        const { rows, pagination } = await listLeadsAfterCursor(request.ctx, q);
        return { data: rows.map(toLeadResponse), pagination };
      }
      const { rows, meta } = await listLeadsPage(request.ctx, q);
      return { data: rows.map(toLeadResponse), meta };
    },
  });

  app.post('/leads', {
    config: { permission: 'leads_write', idempotent: true },
    schema: {
      tags,
      operationId: 'createLead',
      summary: 'Create a lead; it is scored before the answer',
      description:
        'Stores the lead and scores it in the same transaction: the answer has the classification, call priority and a `score_breakdown` saying why. A live lead with the same email is a 409 naming it (`existing_id`). Send an `Idempotency-Key` to retry safely.',
      body: LeadCreate,
      response: { 201: LeadRef, ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      const row = await createLead(request.ctx, request.body);
      return reply.code(201).send(toLeadWithBreakdown(row));
    },
  });

  app.get('/leads/:id', {
    config: { permission: 'leads_read' },
    schema: {
      tags,
      operationId: 'getLead',
      summary: 'A lead with its full score breakdown',
      description:
        'The stored lead as it is now, with the breakdown of its latest score. Archived leads can still be read.',
      params: IdParams,
      response: { 200: LeadRef, ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request) => toLeadWithBreakdown(await getLead(request.ctx, request.params.id)),
  });

  app.patch('/leads/:id', {
    config: { permission: 'leads_write' },
    schema: {
      tags,
      operationId: 'updateLead',
      summary: 'Change some fields; a change to a scoring input re-scores the lead',
      description:
        'Only the fields sent change; `null` clears a nullable field. A change to any scoring input (budget, payment method, timeline, development…) re-scores the lead and adds to its score history; a status change emits `lead.status_changed`.',
      params: IdParams,
      body: LeadPatch,
      response: { 200: LeadRef, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429) },
    },
    handler: async (request) =>
      toLeadWithBreakdown(await updateLead(request.ctx, request.params.id, request.body)),
  });

  app.delete('/leads/:id', {
    config: { permission: 'leads_write' },
    schema: {
      tags,
      operationId: 'archiveLead',
      summary: 'Archive a lead (soft delete: its data is kept)',
      description:
        'Sets the status to `Archived`: the lead leaves lists and stats but keeps its data and history, and its email may be used by a new lead. Archiving twice is harmless.',
      params: IdParams,
      response: { 200: MessageResponse, ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request) => {
      await archiveLead(request.ctx, request.params.id);
      return { message: 'Lead archived successfully' };
    },
  });

  app.get('/leads/:id/scores', {
    config: { permission: 'leads_read' },
    schema: {
      tags,
      operationId: 'listLeadScores',
      summary: "A lead's score history, newest first",
      description: 'Cursor-paged: `limit` entries (20 unless given), then `cursor=pagination.nextCursor` for the next page while `pagination.hasMore`.',
      params: IdParams,
      querystring: ScoreHistoryQuery,
      response: { 200: ScoreHistory, ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request) => scoreHistory(request.ctx, request.params.id, request.query),
  });
};
