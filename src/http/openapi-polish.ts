/**
 * What every operation of the OpenAPI document gets without each route repeating it: the
 * version and licence, the tag list, response headers (X-Request-Id, rate limits, Retry-After),
 * a description on every response, and a response example composed from the schema's own
 * examples. Request examples are written by hand beside their schemas, because they must work
 * when sent; test/openapi-lint.test.ts checks that every operation has what it needs.
 */
import { readFileSync } from 'node:fs';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const API_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Every tag an operation may use, in the order Swagger UI shows them. A new tag is added here. */
export const TAGS = [
  { name: 'Leads', description: 'Buyer enquiries: stored, scored on every change, listed, searched and archived, with their score history.' },
  { name: 'Scoring', description: 'Score a lead without storing it, or re-score stored leads, one or up to 50 at a time.' },
  { name: 'Developments', description: 'The sites being sold; their prices and unit mix inform scoring.' },
  { name: 'Stats', description: 'Lead totals, breakdowns and a daily trend, exact at any scale.' },
  { name: 'Webhooks', description: 'Signed outbound notifications of lead events, with delivery logs and retries.' },
  { name: 'Inbound webhooks', description: 'Leads pushed in by other systems.' },
  { name: 'Integrations', description: 'Third-party connections (HubSpot).' },
  { name: 'Lead Scoring', description: 'The Lead Scoring (Typeform) API: its webhook, results, settings and Meta Conversions API events.' },
];

const header = (description: string, schema: Json, example: unknown) => ({ description, schema, example });

export const RESPONSE_HEADERS = {
  'X-Request-Id': header('Identifies this request in the logs; quote it when asking for help.', { type: 'string' }, 'req-7f3c2a9d1b'),
  'X-RateLimit-Limit': header("Requests this API key may make per minute.", { type: 'integer', minimum: 0 }, 60),
  'X-RateLimit-Remaining': header('Requests left in the current minute.', { type: 'integer', minimum: 0 }, 59),
  'X-RateLimit-Reset': header('Seconds until the current minute ends and the count starts again.', { type: 'integer', minimum: 0 }, 42),
  'Retry-After': header('Seconds to wait before trying again.', { type: 'integer', minimum: 0 }, 30),
};

export const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Any unique string (e.g. a UUID) of up to 255 characters. A retry with the same key within 24 hours gets the first ' +
    'answer again (with `Idempotent-Replayed: true`) instead of creating twice; the same key with a different body is a 409.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  example: 'c2f1a1e4-7d0b-4d3e-9a55-0e6b1f0c2d77',
};

const STATUS_TEXT: Record<string, string> = {
  '200': 'Success',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
  '400': 'The request is invalid: `error.details` names each field and what is wrong with it',
  '401': 'No API key, or a key that is malformed, unknown or revoked',
  '403': "The API key lacks this operation's permission",
  '404': 'No such object in your company (another company\'s object is a 404 too)',
  '409': 'Conflicts with the current state; `error` says with what',
  '413': 'The body is larger than the API accepts',
  '415': 'The body is not JSON',
  '429': 'Rate limit exceeded: wait `Retry-After` seconds',
  '503': 'Shutting down or not ready; retry shortly',
};

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

export function polishDocument(doc: Json): Json {
  doc.info = {
    ...doc.info,
    version: API_VERSION,
    license: { name: 'MIT', identifier: 'MIT' },
    contact: { name: 'Naybourhood' },
  };
  doc.tags = TAGS;
  doc.components = { ...doc.components, headers: RESPONSE_HEADERS };
  const schemas: Json = doc.components.schemas ?? {};
  for (const [path, ops] of Object.entries<Json>(doc.paths ?? {})) {
    for (const op of Object.values<Json>(ops)) {
      const authenticated = !(Array.isArray(op.security) && op.security.length === 0);
      for (const [status, response] of Object.entries<Json>(op.responses ?? {})) {
        const media = response.content?.['application/json'];
        if (!response.description || response.description === 'Default Response' || /^Every .* error/.test(response.description)) {
          response.description = (status.startsWith('2') && describeSchema(media?.schema, schemas)) || STATUS_TEXT[status] || 'Answer';
        }
        response.headers = {
          'X-Request-Id': ref('X-Request-Id'),
          ...(authenticated && status !== '401'
            ? { 'X-RateLimit-Limit': ref('X-RateLimit-Limit'), 'X-RateLimit-Remaining': ref('X-RateLimit-Remaining'), 'X-RateLimit-Reset': ref('X-RateLimit-Reset') }
            : {}),
          ...(status === '429' || status === '503' ? { 'Retry-After': ref('Retry-After') } : {}),
          ...response.headers,
        };
        if (media?.schema && media.example === undefined && media.examples === undefined) {
          media.example = exampleOf(media.schema, schemas, status.startsWith('2') ? undefined : Number(status));
        }
      }
      const body = op.requestBody?.content?.['application/json'];
      if (body?.schema && body.example === undefined) {
        const given = resolve(body.schema, schemas)?.examples?.[0];
        if (given !== undefined) body.example = given;
      }
    }
    void path;
  }
  return doc;
}

function resolve(schema: Json | undefined, schemas: Json): Json | undefined {
  if (!schema?.$ref) return schema;
  return schemas[String(schema.$ref).replace('#/components/schemas/', '')];
}

function describeSchema(schema: Json | undefined, schemas: Json): string | undefined {
  const resolved = resolve(schema, schemas);
  return resolved?.description ?? resolved?.title;
}

const FORMAT_EXAMPLES: Record<string, string> = {
  uuid: '5d0c7a4e-8b1f-4c2a-9e3d-6f7a8b9c0d1e',
  'date-time': '2026-12-01T09:30:00.000Z',
  date: '2026-12-01',
  email: 'james.wilson@example.com',
  uri: 'https://crm.example.com/hooks/naybourhood',
};

/**
 * An example value for a schema: its own example if it has one, else one composed from its
 * properties' examples and types. Error responses get an error of their status.
 */
export function exampleOf(schema: Json, schemas: Json, errorStatus?: number, depth = 0): unknown {
  if (depth > 12) return null;
  if (schema.$ref) {
    const target = resolve(schema, schemas);
    if (errorStatus && String(schema.$ref).endsWith('/Error')) return errorExample(errorStatus);
    return target ? exampleOf(target, schemas, errorStatus, depth + 1) : null;
  }
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum.find((v: unknown) => v !== null) ?? null;
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) {
      const branch = schema[key].find((s: Json) => s.type !== 'null') ?? schema[key][0];
      if (branch.type === undefined && branch.format && schema.type) return exampleOf({ type: schema.type, ...branch }, schemas, errorStatus, depth + 1);
      return exampleOf(branch, schemas, errorStatus, depth + 1);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries<Json>(schema.properties ?? {})) out[name] = exampleOf(prop, schemas, errorStatus, depth + 1);
      return out;
    }
    case 'array': {
      const item = schema.items ? exampleOf(schema.items, schemas, errorStatus, depth + 1) : 'item';
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
    }
    case 'string':
      return FORMAT_EXAMPLES[schema.format] ?? 'text';
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return null;
  }
}

const ERROR_EXAMPLES: Record<number, { code: string; message: string }> = {
  400: { code: 'INVALID_REQUEST', message: 'The request is invalid' },
  401: { code: 'UNAUTHORIZED', message: 'A valid API key is required' },
  403: { code: 'FORBIDDEN', message: 'This API key lacks the leads_write permission' },
  404: { code: 'NOT_FOUND', message: 'Lead not found' },
  409: { code: 'CONFLICT', message: 'This Idempotency-Key was already used with a different request' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'The body is larger than 1048576 bytes' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' },
  429: { code: 'RATE_LIMITED', message: 'Rate limit of 60 requests per minute exceeded; retry in 30 seconds' },
};

function errorExample(status: number) {
  const error = ERROR_EXAMPLES[status] ?? { code: 'INTERNAL', message: 'Something went wrong on our side' };
  return status === 400 ? { error: { ...error, details: [{ field: 'email', message: 'email must match format "email"' }] } } : { error };
}
