/**
 * HTTP face of the Lead Scoring (Typeform) API, under /api/v1/leadscoring: its own
 * envelope on every answer, Bearer keys on everything but the Typeform webhook, which is signed
 * instead. Schema, permission, one service call per route.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import { FailureThrottle } from '../http/failure-throttle.ts';
import { AppError } from '../errors.ts';
import { envelopeErrors, ok, registerEnvelopeErrors } from './envelope.ts';
import { fireCapiEvent, getClientSettings, getScoringResult, receiveTypeformDelivery, updateClientSettings } from './service.ts';
import type { SettingsUpdate as Update } from './settings.ts';
import {
  ClientEmailParams, ClientParams, FireView, ResultQuery, ResultView, SettingsUpdate, SettingsView, TypeformDelivery, WebhookAccepted,
} from './schemas.ts';

const tags = ['Lead Scoring'];

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

export const leadScoringRoutes: FastifyPluginAsyncTypebox<{ db: Db; failuresPerMinute: number }> = async (app, { db, failuresPerMinute }) => {
  registerEnvelopeErrors(app);
  await app.register(webhookRoute, { db, failuresPerMinute });

  app.get('/', {
    config: { permission: 'score_single' },
    schema: {
      tags,
      operationId: 'getLeadScoringResult',
      summary: 'The scoring result for a client and email (data is null when there is none)',
      querystring: ResultQuery,
      response: { 200: ResultView, ...envelopeErrors(400, 401, 403, 404, 429) },
    },
    handler: async (request) => ok(await getScoringResult(request.ctx, request.query.client_id, request.query.email)),
  });

  app.post('/fire-capi-event/:client_id/:email', {
    config: { permission: 'score_single' },
    schema: {
      tags,
      operationId: 'fireLeadScoringCapiEvent',
      summary: 'Queue the Meta Conversions API event for a scored lead',
      description: '"success" when the event is queued (sent and retried by the worker); "failed" when the thresholds or the pixel configuration do not allow it.',
      params: ClientEmailParams,
      response: { 200: FireView, ...envelopeErrors(400, 401, 403, 404, 429) },
    },
    handler: async (request) => ok(await fireCapiEvent(request.ctx, request.params.client_id, request.params.email)),
  });

  app.get('/settings/:client_id', {
    config: { permission: 'settings_manage' },
    schema: {
      tags,
      operationId: 'getLeadScoringSettings',
      summary: "A client's Lead Scoring settings (secrets are never read back)",
      params: ClientParams,
      response: { 200: SettingsView, ...envelopeErrors(400, 401, 403, 404, 429) },
    },
    handler: async (request) => ok(await getClientSettings(request.ctx, request.params.client_id)),
  });

  app.put('/settings/:client_id', {
    config: { permission: 'settings_manage' },
    schema: {
      tags,
      operationId: 'updateLeadScoringSettings',
      summary: "Change a client's Lead Scoring settings",
      params: ClientParams,
      body: SettingsUpdate,
      response: { 200: SettingsView, ...envelopeErrors(400, 401, 403, 404, 413, 415, 429) },
    },
    handler: async (request) => ok(await updateClientSettings(request.ctx, request.params.client_id, request.body as Update)),
  });
};

/**
 * The webhook in its own scope: it keeps the raw body (the signature is over the exact bytes
 * Typeform sent) and checks the payload in the service, not with the schema, so that each
 * problem gets the seed's own message in the seed's order.
 */
async function webhookRoute(app: FastifyInstance, { db, failuresPerMinute }: { db: Db; failuresPerMinute: number }) {
  // Open to anyone, so an address that keeps failing (unknown client, bad signature, junk) is
  // refused before its next attempt can cost a database read; Typeform's own deliveries succeed.
  const throttle = new FailureThrottle(failuresPerMinute);
  app.addHook('onRequest', async (request, reply) => {
    const wait = throttle.retryAfterSeconds(request.ip);
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      throw new AppError('RATE_LIMITED', `Too many failed deliveries from this address; retry in ${wait} seconds`);
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 400 && reply.statusCode < 500 && reply.statusCode !== 429) throttle.recordFailure(request.ip);
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    request.rawBody = body as Buffer;
    parseJson(request, body as unknown as string, done);
  });

  app.post('/webhook', {
    config: { public: true },
    validatorCompiler: () => () => true,
    schema: {
      tags,
      operationId: 'receiveTypeformWebhook',
      summary: 'Typeform form_response webhook: checked, answered at once, scored in the background',
      description:
        'Signed with `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>` when the client has a Typeform secret. ' +
        'A replay of the same response token (or event id) is answered 200 and ignored.',
      security: [],
      headers: { type: 'object', properties: { 'typeform-signature': { type: 'string' } } },
      body: TypeformDelivery,
      response: { 200: WebhookAccepted, ...envelopeErrors(400, 401, 404, 413, 415, 429) },
    },
    handler: async (request) => {
      const signature = request.headers['typeform-signature'];
      await receiveTypeformDelivery(db, {
        rawBody: request.rawBody ?? Buffer.alloc(0),
        body: request.body,
        signature: typeof signature === 'string' ? signature : undefined,
      });
      return ok('OK');
    },
  });
}
