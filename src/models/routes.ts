/** HTTP face of learned models: list, read (metrics beside the prior, factors, why), train, activate. */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.ts';
import { DateTime, Enum, errorResponses, IdParams, Nullable, Uuid } from '../http/schemas/common.ts';
import { MODEL_TARGETS } from '../db/schema/index.ts';
import { activateModel, getModel, listModels, requestTraining, toModelDetail, toModelSummary } from './service.ts';

const tags = ['Models'];
const Num = () => Nullable(Type.Number());
const Metrics = Type.Object({
  rows: Type.Integer(), positives: Type.Integer(), auc: Num(), log_loss: Num(), brier: Num(), ece: Num(), top_decile_lift: Num(),
});

const summary = {
  id: Uuid(),
  target: Enum(MODEL_TARGETS),
  version: Type.Integer(),
  model_version: Type.String({ description: 'recorded on every score this model makes, e.g. p_sql-v3' }),
  algorithm: Enum(['gbdt', 'logistic'] as const),
  active: Type.Boolean(),
  eligible: Type.Boolean({ description: 'beat the prior on held-out leads with enough outcomes when trained' }),
  reason: Type.String({ description: 'why it was or was not activated' }),
  metrics: Nullable(Type.Object({ model: Metrics, prior: Metrics }, { description: 'on the newest 20% of leads, held out from training' })),
  rows: Type.Object({ labelled: Type.Integer(), positives: Type.Integer(), train: Type.Integer(), calibration: Type.Integer(), test: Type.Integer() }),
  data_window: Nullable(Type.Object({ from: DateTime(), to: DateTime(), test_from: DateTime() })),
  created_at: DateTime(),
  activated_at: Nullable(DateTime()),
};
export const ModelSummary = Type.Object(summary, { $id: 'ModelSummary' });
export const ModelDetail = Type.Object({
  ...summary,
  calibration: Enum(['platt', 'isotonic'] as const),
  top_factors: Type.Array(Type.Object({ column: Type.String(), importance: Type.Number({ description: 'mean |log-odds| it moves a held-out lead' }) })),
}, { $id: 'ModelDetail' });

export const modelRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tenant = (companyId: string) => ({ db, companyId });
  app.addSchema(ModelSummary);
  app.addSchema(ModelDetail);

  app.get('/models', {
    config: { permission: 'models_manage' },
    schema: { tags, operationId: 'listModels', summary: 'Every model version per target, newest first', response: { 200: Type.Object({ data: Type.Array(Type.Ref('ModelSummary')) }), ...errorResponses(401, 403, 429) } },
    handler: async (request) => ({ data: (await listModels(tenant(request.auth.companyId))).map(toModelSummary) }),
  });

  app.get('/models/:id', {
    config: { permission: 'models_manage' },
    schema: { tags, operationId: 'getModel', summary: 'A model: held-out metrics beside the prior, top factors, data window, why activated or not', params: IdParams, response: { 200: Type.Ref('ModelDetail'), ...errorResponses(400, 401, 403, 404, 429) } },
    handler: async (request) => toModelDetail(await getModel(tenant(request.auth.companyId), request.params.id)),
  });

  app.post('/models/train', {
    config: { permission: 'models_manage' },
    schema: {
      tags, operationId: 'trainModels', summary: 'Train p_show and p_sql models from your outcomes now (in the background)',
      description: 'A model is activated only if it beats the prior on the newest 20% of leads and had enough outcomes (200 labelled, 40 positive by default).',
      response: { 202: Type.Object({ job_id: Type.String() }), ...errorResponses(401, 403, 429) },
    },
    handler: async (request, reply) => reply.code(202).send(await requestTraining(tenant(request.auth.companyId))),
  });

  app.post('/models/:id/activate', {
    config: { permission: 'models_manage' },
    schema: {
      tags, operationId: 'activateModel', summary: 'Make a model active for its target (a newer one, or roll back to an older one)',
      description: 'Only a model that beat the prior when it was trained can be active (409 otherwise, with the reason).',
      params: IdParams, response: { 200: Type.Ref('ModelSummary'), ...errorResponses(400, 401, 403, 404, 409, 429) },
    },
    handler: async (request) => toModelSummary(await activateModel(tenant(request.auth.companyId), request.params.id)),
  });
};
