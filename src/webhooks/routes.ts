/** HTTP face of outbound webhook subscriptions: schema, permission, one service call. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../config.ts';
import { loadSecretBox } from '../crypto/secret-box.ts';
import type { Db } from '../db/client.ts';
import { errorResponses, IdParams, MessageResponse } from '../http/schemas/common.ts';
import { DeliveryListQuery, DeliveryPage, WebhookCreate, WebhookList, WebhookPatch } from './schemas.ts';
import { createWebhookSender } from './sender.ts';
import { createSubscription, deleteSubscription, getSubscription, listDeliveries, listSubscriptions, sendTestEvent, updateSubscription, type WebhookDeps } from './service.ts';
import { toWebhookResponse } from './mapping.ts';

const tags = ['Webhooks'];
const permission = 'webhooks_manage' as const;

export const webhookRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: Config }> = async (app, { db, config }) => {
  // The API's own sender, for test events; deliveries proper go through the workers.
  const sender = createWebhookSender({ timeoutMs: config.webhookTimeoutMs, allowPrivateUrls: config.webhookAllowPrivateUrls, maxSocketsPerHost: 4 });
  app.addHook('onClose', async () => sender.close());
  const deps: WebhookDeps = { config, sender, secretBox: () => loadSecretBox(db, config) };

  app.get('/webhooks', {
    config: { permission },
    schema: { tags, operationId: 'listWebhooks', summary: 'Your webhook subscriptions', description: 'Every subscription of your company, with its status; signing secrets are never listed.', response: { 200: WebhookList, ...errorResponses(401, 403, 429) } },
    handler: async (request) => ({ data: await listSubscriptions(request.ctx) }),
  });

  app.post('/webhooks', {
    config: { permission, idempotent: true },
    schema: {
      tags,
      operationId: 'createWebhook',
      summary: 'Subscribe a URL to events; the signing secret is in this response only',
      description:
        'The URL must be http(s) and resolve to a public address. Deliveries are signed with the `secret` returned here (only here): verify `X-Webhook-Signature`. Failed deliveries are retried with backoff.',
      body: WebhookCreate,
      response: { 201: Type.Ref('WebhookWithSecret'), ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
    },
    handler: async (request, reply) => reply.code(201).send(await createSubscription(request.ctx, deps, request.body)),
  });

  app.get('/webhooks/:id', {
    config: { permission },
    schema: { tags, operationId: 'getWebhook', summary: 'One subscription, with whether it is disabled and why', description: 'The subscription, its events and status; a subscription whose every attempt failed for too long is disabled and says why.', params: IdParams, response: { 200: Type.Ref('Webhook'), ...errorResponses(400, 401, 403, 404, 429) } },
    handler: async (request) => toWebhookResponse(await getSubscription(request.ctx, request.params.id)),
  });

  app.patch('/webhooks/:id', {
    config: { permission },
    schema: {
      tags,
      operationId: 'updateWebhook',
      summary: 'Change the URL or events, or re-enable a disabled subscription',
      description:
        'Change the URL, events or description, or set `status` to `active` to re-enable a disabled subscription (or `disabled` to pause it).',
      params: IdParams,
      body: WebhookPatch,
      response: { 200: Type.Ref('Webhook'), ...errorResponses(400, 401, 403, 404, 413, 415, 429) },
    },
    handler: async (request) => updateSubscription(request.ctx, deps, request.params.id, request.body),
  });

  app.delete('/webhooks/:id', {
    config: { permission },
    schema: { tags, operationId: 'deleteWebhook', summary: 'Delete a subscription; nothing more is sent to it', description: 'Deletes the subscription and stops its pending deliveries; its delivery log is kept until retention removes it.', params: IdParams, response: { 200: MessageResponse, ...errorResponses(400, 401, 403, 404, 429) } },
    handler: async (request) => {
      await deleteSubscription(request.ctx, request.params.id);
      return { message: 'Webhook deleted' };
    },
  });

  app.get('/webhooks/:id/deliveries', {
    config: { permission },
    schema: {
      tags,
      operationId: 'listWebhookDeliveries',
      summary: 'The delivery log: every attempt, newest first, kept 30 days',
      description:
        'Every delivery attempt with its status code, duration and error, newest first, cursor-paged (`limit`, `cursor`).',
      params: IdParams,
      querystring: DeliveryListQuery,
      response: { 200: DeliveryPage, ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request) => listDeliveries(request.ctx, request.params.id, request.query),
  });

  app.post('/webhooks/:id/test', {
    config: { permission },
    schema: {
      tags,
      operationId: 'testWebhook',
      summary: 'Send a signed webhook.test event now and show the attempt',
      description:
        'Sends a signed `webhook.test` event to the URL at once and answers with the attempt, so a receiver can be checked before real events flow.',
      params: IdParams,
      response: { 200: Type.Ref('WebhookDelivery'), ...errorResponses(400, 401, 403, 404, 429) },
    },
    handler: async (request) => sendTestEvent(request.ctx, deps, request.params.id),
  });
};
