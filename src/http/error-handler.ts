/**
 * The one place where failures become the v1 wire format:
 * {"error": {"code", "message", "details"?: [{field, message}]}}. A 500 never shows internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type ErrorDetail } from '../errors.ts';

export interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export interface WireError {
  status: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  extra?: Record<string, unknown>;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Classifies any thrown value; shared by the v1 handler and the Lead Scoring envelope. */
export function toWireError(err: unknown, request: FastifyRequest): WireError {
  if (err instanceof AppError) {
    return { status: err.status, code: err.code, message: err.message, details: err.details, extra: err.extra };
  }
  const fe = err as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe.validation) {
    const details = fe.validation.map((issue) => describeIssue(issue, fe.validationContext ?? 'body'));
    return { status: 400, code: 'INVALID_REQUEST', message: 'The request is invalid', details };
  }
  const status = fe.statusCode ?? 500;
  if (status === 413) return { status, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 1 MiB' };
  if (status === 415) {
    return { status, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' };
  }
  if (status === 400 && fe.code?.startsWith('FST_ERR_CTP')) {
    return { status, code: 'INVALID_REQUEST', message: 'The request body is not valid JSON' };
  }
  const code = status < 500 ? CODE_BY_STATUS[status] : undefined;
  if (code) return { status, code, message: fe.message };
  request.log.error({ err }, 'unhandled error');
  return { status: 500, code: 'INTERNAL', message: 'Something went wrong on our side; retry with exponential backoff' };
}

/** Output-only fields, named as such when a client tries to write them. */
const READ_ONLY_FIELDS = new Set([
  'id', 'company_id', 'classification', 'quality_score', 'intent_score', 'confidence_score', 'call_priority',
  'call_priority_reason', 'response_time', 'is_28_day_buyer', 'is_fake_lead', 'risk_flags', 'probabilities',
  'score_breakdown', 'engine_version', 'scored_at', 'created_at', 'updated_at', 'secret', 'key', 'prefix', 'last_used_at',
]);

export function describeIssue(issue: AjvIssue, context: string): ErrorDetail {
  const path = issue.instancePath.split('/').filter(Boolean).join('.');
  const where = (name: string) => (path ? `${path}.${name}` : name);
  switch (issue.keyword) {
    case 'additionalProperties': {
      const name = String(issue.params.additionalProperty);
      const field = where(name);
      const why = READ_ONLY_FIELDS.has(name) ? 'is read-only' : 'is not a field you can set here';
      return { field, message: `${field} ${why}` };
    }
    case 'required': {
      const field = where(String(issue.params.missingProperty));
      return { field, message: `${field} is required` };
    }
    default: {
      const field = path || context;
      return { field, message: `${field} ${issue.message ?? 'is invalid'}` };
    }
  }
}

export function sendV1Error(reply: FastifyReply, wire: WireError) {
  const body: Record<string, unknown> = { code: wire.code, message: wire.message, ...wire.extra };
  if (wire.details?.length) body.details = wire.details;
  return reply.status(wire.status).send({ error: body });
}

export function registerV1ErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err, request, reply) => sendV1Error(reply, toWireError(err, request)));
  app.setNotFoundHandler((request, reply) =>
    sendV1Error(reply, { status: 404, code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
