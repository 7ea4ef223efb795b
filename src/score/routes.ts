/** HTTP face of the scoring engine: POST /score and POST /score/batch. */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.ts';
import { errorResponses } from '../http/schemas/common.ts';
import { BatchScoreRequest, MAX_BATCH, ScoreRequest } from './schemas.ts';
import { scoreBatch, scoreInline, scoreRequestTarget, scoreStored } from './service.ts';

const tags = ['Scoring'];

export const scoreRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.post('/score', {
    config: { permission: 'score_single' },
    schema: {
      tags,
      operationId: 'scoreLead',
      summary: 'Score one lead: inline data (not stored) or a stored lead by buyer_id (history recorded)',
      description:
        'Send `lead` to score data without storing it (nothing is written), or `buyer_id` to re-score a stored lead with the current engine, which records history and emits events.',
      body: ScoreRequest,
      response: { 200: Type.Ref('ScoreResult'), ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
    },
    handler: async (request) => {
      scoreRequestTarget(request.body);
      return request.body.buyer_id ? scoreStored(request.ctx, request.body.buyer_id, 'api') : scoreInline(request.ctx, request.body.lead!);
    },
  });

  app.post('/score/batch', {
    config: { permission: 'score_batch' },
    schema: {
      tags,
      operationId: 'scoreLeads',
      summary: `Score 1 to ${MAX_BATCH} leads; each bad item fails alone with its own error`,
      description:
        'Send `leads` (scored, not stored) or `buyer_ids` (re-scored and stored). Items are independent: a bad item gets its own `error` in `results` and the rest are scored.',
      body: BatchScoreRequest,
      response: { 200: Type.Ref('BatchScoreResult'), ...errorResponses(400, 401, 403, 413, 415, 429) },
    },
    handler: async (request) => scoreBatch(request.ctx, request.body),
  });
};
