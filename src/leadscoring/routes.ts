/**
 * HTTP face of the Lead Scoring (Typeform) API, under /api/v1/leadscoring: the Lead Scoring contract's
 * envelope on every answer, Bearer keys on everything but the Typeform webhook, which is signed
 * instead. Schema, permission, one service call per route.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { loadSecretBox, type SealingConfig, type SecretBox } from '../crypto/secret-box.ts';
import { FailureThrottle } from '../http/failure-throttle.ts';
import { AppError } from '../errors.ts';
import { envelopeErrors, ok, registerEnvelopeErrors } from './envelope.ts';
import { SubmissionLimitReached } from './errors.ts';
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

export const leadScoringRoutes: FastifyPluginAsyncTypebox<{ db: Db; failuresPerMinute: number; sealing: SealingConfig }> = async (
  app,
  { db, failuresPerMinute, sealing },
) => {
  const secretBox = () => loadSecretBox(db, sealing);
  registerEnvelopeErrors(app);
  await app.register(webhookRoute, { db, failuresPerMinute, secretBox });

  app.get('/', {
    config: { permission: 'score_single' },
    schema: {
      tags,
      operationId: 'getLeadScoringResult',
      summary: 'The scoring result for a client and email (data is null when there is none)',
      description:
        'The latest Typeform scoring result (probabilities, rotator, provider trace) for one email of one client, in the Lead Scoring envelope `{success, data}`.',
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
      description:
        'Thresholds, Meta CAPI settings and the Typeform field mapping of a client (your company). Secrets are reported only as `*_set` flags.',
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
      description:
        'Fields left out keep their value; `null` clears a nullable one. The access token and Typeform secret are write-only and stored sealed.',
      params: ClientParams,
      body: SettingsUpdate,
      response: { 200: SettingsView, ...envelopeErrors(400, 401, 403, 404, 413, 415, 429) },
    },
    handler: async (request) => ok(await updateClientSettings(request.ctx, await secretBox(), request.params.client_id, request.body as Update)),
  });
};

/**
 * The webhook in its own scope: it keeps the raw body (the signature is over the exact bytes
 * Typeform sent) and checks the payload in the service, not with the schema, so that each
 * problem gets the contract's own message in the contract's order.
 */
async function webhookRoute(
  app: FastifyInstance,
  { db, failuresPerMinute, secretBox }: { db: Db; failuresPerMinute: number; secretBox: () => Promise<SecretBox> },
) {
  // Open to anyone, so a caller that keeps failing (bad signature, junk, unknown client) is refused
  // before its next attempt can cost a database read; Typeform's own deliveries succeed. Failures
  // are counted per client id *and* address: behind a load balancer every caller may share one
  // address, and junk sent for one client must not shut out every other client's deliveries.
  const throttle = new FailureThrottle(failuresPerMinute);
  app.addHook('preValidation', async (request, reply) => {
    const wait = throttle.retryAfterSeconds(throttleKey(request));
    if (wait > 0) {
      reply.header('Retry-After', String(wait));
      throw new AppError('RATE_LIMITED', `Too many failed deliveries for this client from this address; retry in ${wait} seconds`);
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 400 && reply.statusCode < 500 && reply.statusCode !== 429) throttle.recordFailure(throttleKey(request));
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
        'Signed with `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>` when the client has a Typeform secret; ' +
        'set one (and `require_signature`), or anyone who knows the client id can submit leads for it. ' +
        'Accepted submissions per client are capped per hour (`max_submissions_per_hour`, 429 with Retry-After past it). ' +
        'A replay of the same response token (or event id) is answered 200 and ignored.',
      security: [],
      headers: { type: 'object', properties: { 'typeform-signature': { type: 'string' } } },
      body: TypeformDelivery,
      response: { 200: WebhookAccepted, ...envelopeErrors(400, 401, 404, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      const signature = request.headers['typeform-signature'];
      try {
        await receiveTypeformDelivery(db, {
          rawBody: request.rawBody ?? Buffer.alloc(0),
          body: request.body,
          signature: typeof signature === 'string' ? signature : undefined,
        }, secretBox);
      } catch (err) {
        if (err instanceof SubmissionLimitReached) reply.header('Retry-After', String(err.retryAfterSeconds));
        throw err;
      }
      return ok('OK');
    },
  });
}

/** The client id a delivery names (as sent, bounded) with the caller's address. */
function throttleKey(request: FastifyRequest): string {
  const body = request.body as { form_response?: { hidden?: { client_id?: unknown } } } | undefined;
  const clientId = body?.form_response?.hidden?.client_id;
  const client = typeof clientId === 'string' && clientId.length <= 64 ? clientId.trim().toLowerCase() : '-';
  return `${client} ${request.ip}`;
}
