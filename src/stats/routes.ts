/** HTTP face of stats. */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.ts';
import { errorResponses } from '../http/schemas/common.ts';
import { StatsQuery } from './schemas.ts';
import { companyStats } from './service.ts';

export const statsRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get('/stats', {
    config: { permission: 'stats_read' },
    schema: {
      tags: ['Stats'],
      operationId: 'getStats',
      summary: 'Lead totals, breakdowns, mean scores and a 30-day daily series',
      description:
        'Counts the leads that are not archived, exactly as `GET /leads` does for the same filter. ' +
        'Days are UTC calendar days; `trend` and the 7/30-day counts also honour `from`, `to` and `development_id`.',
      querystring: StatsQuery,
      response: { 200: Type.Ref('Stats'), ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request) => companyStats(request.ctx, request.query),
  });
};
