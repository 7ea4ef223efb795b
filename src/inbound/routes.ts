/** POST /webhook/lead-created: a lead pushed to us by a CRM or form (permission `webhook`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Db } from '../db/client.ts';
import { DateTime, errorResponses, Uuid } from '../http/schemas/common.ts';
import { StoredScoreBreakdown, scoreProperties } from '../http/schemas/score.ts';
import { LeadCreate } from '../leads/schemas.ts';
import { receiveInboundLead } from './service.ts';

const InboundLeadResponse = Type.Object({
  success: Type.Literal(true),
  buyer_id: Uuid({ description: 'The lead, new or the existing one this was merged into' }),
  merged: Type.Boolean({ description: 'True when a live lead with this email already existed and was updated' }),
  hubspot_push_queued: Type.Boolean(),
  scoring: Type.Object({ ...scoreProperties, scored_at: DateTime(), score_breakdown: StoredScoreBreakdown }),
});

export const inboundRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.post('/webhook/lead-created', {
    config: { permission: 'webhook', idempotent: true },
    schema: {
      tags: ['Inbound webhooks'],
      operationId: 'inboundLeadCreated',
      summary: 'Receive a lead from a CRM or form: created, or merged into the live lead with the same email, and scored',
      body: LeadCreate,
      response: { 200: InboundLeadResponse, ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
    },
    handler: async (request) => receiveInboundLead(request.ctx, request.body),
  });
};
