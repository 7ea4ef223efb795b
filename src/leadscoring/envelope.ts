/**
 * Seed 001's envelope for every /api/v1/leadscoring response, errors included:
 * {status_code, data, message} plus message_code on errors. Errors are classified by the same
 * toWireError as the rest of v1, so a 401, a validation error or a 500 means the same here.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { toWireError, type WireError } from '../http/error-handler.ts';

export const ok = <T>(data: T) => ({ status_code: 200, data, message: null });

export const Envelope = <T extends TSchema>(data: T) =>
  Type.Object({ status_code: Type.Integer(), data, message: Type.Null() });

export const EnvelopeError = Type.Object(
  {
    status_code: Type.Integer(),
    data: Type.Null(),
    message: Type.String(),
    message_code: Type.String({ description: 'Machine-readable, e.g. CLIENT_NOT_FOUND, INVALID_REQUEST, UNAUTHORIZED' }),
  },
  { description: 'Every Lead Scoring error' },
);

export function envelopeErrors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, EnvelopeError]));
}

export function toEnvelope(wire: WireError) {
  // A schema failure's own message is generic; the details say what is wrong.
  const message = wire.details?.length && wire.code === 'INVALID_REQUEST' && wire.message === 'The request is invalid'
    ? wire.details.map((d) => d.message).join('; ')
    : wire.message;
  const code = typeof wire.extra?.message_code === 'string' ? wire.extra.message_code : wire.code;
  return { status_code: wire.status, data: null, message, message_code: code };
}

export function registerEnvelopeErrors(app: FastifyInstance) {
  app.setErrorHandler((err, request, reply) => {
    const wire = toWireError(err, request);
    return reply.status(wire.status).send(toEnvelope(wire));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(toEnvelope({ status: 404, code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` })),
  );
}
