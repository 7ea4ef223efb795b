/**
 * The API as its own OpenAPI document describes it, for tests that must cover every endpoint,
 * including endpoints added after they were written: the list of operations, a validator for each
 * documented response, the two documented error formats, values generated from request schemas,
 * and a cheap fingerprint of the database to prove that a refused request changed nothing.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/client.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

// JSON Schema as it appears in the document: loosely typed on purpose.
export type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type OpenApiDoc = { paths: Record<string, Record<string, Schema>>; components?: { schemas?: Record<string, Schema> } };

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. /api/v1/leads/{id} */
  path: string;
  operationId: string;
  params: Param[];
  body?: Schema;
  /** Documented statuses → schema of the JSON body (undefined when none is documented). */
  responses: Record<string, Schema | undefined>;
  /** Under /api/v1/leadscoring: the Lead Scoring envelope instead of the v1 error format. */
  leadScoring: boolean;
  /** False for routes that take no API key (the Typeform webhook). */
  authenticated: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export async function openApiDocument(app: FastifyInstance): Promise<OpenApiDoc> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.statusCode}`);
  return res.json() as OpenApiDoc;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const responses: Record<string, Schema | undefined> = {};
      for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, Schema>)) {
        responses[status] = r.content?.['application/json']?.schema;
      }
      out.push({
        method: m.toUpperCase() as Operation['method'],
        path,
        operationId: op.operationId ?? `${m} ${path}`,
        params: ((op.parameters ?? []) as Param[]).map((p) => ({ ...p, required: Boolean(p.required) })),
        body: op.requestBody?.content?.['application/json']?.schema,
        responses,
        leadScoring: path.startsWith('/api/v1/leadscoring'),
        authenticated: !(Array.isArray(op.security) && op.security.length === 0),
      });
    }
  }
  return out;
}

export const hasOperation = (doc: OpenApiDoc, method: string, path: string) => Boolean(doc.paths[path]?.[method.toLowerCase()]);

/**
 * Fills `{name}` placeholders, percent-encoding each value as a client library would; a value
 * starting with `rawPrefix` goes in as it is (for malformed URLs).
 */
export function fillPath(path: string, values: Record<string, string>, rawPrefix?: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name] ?? '';
    return rawPrefix && value.startsWith(rawPrefix) ? value.slice(rawPrefix.length) : percentEncode(value);
  });
}

/** encodeURIComponent, but total: lone surrogates become U+FFFD instead of throwing. */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Responses

const V1_ERROR: Schema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { enum: ['INVALID_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'INTERNAL'] },
        message: { type: 'string', minLength: 1 },
        details: { type: 'array', minItems: 1, items: { type: 'object', required: ['field', 'message'], additionalProperties: false, properties: { field: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

const ENVELOPE_ERROR: Schema = {
  type: 'object',
  required: ['status_code', 'data', 'message', 'message_code'],
  additionalProperties: false,
  properties: {
    status_code: { type: 'integer' },
    data: { type: 'null' },
    message: { type: 'string', minLength: 1 },
    message_code: { type: 'string', pattern: '^[A-Z_]+$' },
  },
};

export interface ResponseChecker {
  /** Null when the response is what the document promises, else what is wrong. */
  check(op: Operation | undefined, url: string, status: number, body: string, contentType: string | undefined): string | null;
}

/**
 * Compiles every documented response schema with Ajv, with the document's components registered,
 * so a 2xx body is checked against exactly what our OpenAPI document says.
 */
export function responseChecker(doc: OpenApiDoc): ResponseChecker {
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  ajv.addSchema({ components: doc.components ?? {} }, 'openapi');
  const rebase = (schema: Schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as Schema;
  const cache = new Map<string, ValidateFunction>();
  const compiled = (key: string, schema: Schema) => {
    let v = cache.get(key);
    if (!v) cache.set(key, (v = ajv.compile(rebase(schema))));
    return v;
  };
  const v1Error = ajv.compile(V1_ERROR);
  const envelopeError = ajv.compile(ENVELOPE_ERROR);
  const explain = (v: ValidateFunction) => ajv.errorsText(v.errors, { separator: '; ' });

  const DOT_SEGMENT = /\/(\.|%2e){1,2}(\/|$)/i;
  return {
    check(op, url, status, body, contentType) {
      if (status >= 500) return `a ${status}`;
      if (!contentType?.startsWith('application/json')) return `content-type ${contentType}, not JSON`;
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return 'the body is not JSON';
      }
      // A client resolves dot segments ("..", "%2e%2e") before sending: such a URL reaches another
      // path (/leadscoring/fire-capi-event/%2e%2e/%2e%2e arrives as /api/v1/), not the operation,
      // and is answered in the format of the path it reaches.
      const path = url.split('?')[0]!;
      const reached = DOT_SEGMENT.test(path) ? new URL(path, 'http://localhost').pathname : path;
      if (reached !== path) op = undefined;
      const leadScoring = reached.startsWith('/api/v1/leadscoring');
      if (status >= 400) {
        const v = leadScoring ? envelopeError : v1Error;
        if (!v(json)) return `the error is not in the documented format: ${explain(v)}`;
        const code = leadScoring ? (json as { status_code: number }).status_code : undefined;
        if (code !== undefined && code !== status) return `status_code ${code} in the envelope, ${status} on the wire`;
      }
      if (!op) return null;
      const key = `${op.method} ${op.path} ${status}`;
      if (!(String(status) in op.responses)) {
        // A URL that no longer matches the route (an empty or slash-bearing path parameter) is
        // answered by the not-found handler, which is not the operation's answer.
        if (status === 404) return null;
        return `status ${status} is not documented for ${op.method} ${op.path}`;
      }
      const schema = op.responses[String(status)];
      if (!schema) return null;
      const v = compiled(key, schema);
      return v(json) ? null : `the ${status} body does not match the OpenAPI document: ${explain(v)}`;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The database

/**
 * Per table: row count and the newest created_at/updated_at. Every write in the service either
 * inserts a row or bumps updated_at, so an unchanged fingerprint means nothing was written. Cheap
 * enough to take after every request. `api_keys.last_used_at` is deliberately not part of it:
 * recording a key's use is not a change a refused request could be blamed for.
 */
export async function dbFingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await tableColumns(db);
  const parts = [...tables.entries()].map(([table, cols]) => {
    const maxOf = (c: string) => (cols.has(c) ? `coalesce(max("${c}")::text, '')` : `''`);
    return `select '${table}' as t, count(*)::text || '|' || ${maxOf('created_at')} || '|' || ${maxOf('updated_at')} as f from "${table}"`;
  });
  const result = await db.execute(sql.raw(parts.join(' union all ')));
  const rows = (result as unknown as { rows: { t: string; f: string }[] }).rows;
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

const columnCache = new WeakMap<object, Map<string, Set<string>>>();

async function tableColumns(db: Db): Promise<Map<string, Set<string>>> {
  const hit = columnCache.get(db);
  if (hit) return hit;
  const result = await db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public' order by table_name`);
  const map = new Map<string, Set<string>>();
  for (const r of (result as unknown as { rows: { table_name: string; column_name: string }[] }).rows) {
    if (!map.has(r.table_name)) map.set(r.table_name, new Set());
    map.get(r.table_name)!.add(r.column_name);
  }
  columnCache.set(db, map);
  return map;
}

export function fingerprintDiff(before: Record<string, string>, after: Record<string, string>, ignore: string[] = []): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => !ignore.includes(t) && before[t] !== after[t])
    .map((t) => `${t}: ${before[t]} → ${after[t]}`);
}

// ---------------------------------------------------------------------------------------------
// Values from schemas

export interface ValueHints {
  /** Real values to use for a property or parameter of this name, e.g. { client_id: [companyId] }. */
  byName: Record<string, string[]>;
}

/**
 * An arbitrary of values that satisfy the schema (mostly: formats and patterns are approximated),
 * preferring real ids and emails of the tenant where a property's name asks for one.
 */
export function schemaArbitrary(doc: OpenApiDoc, schema: Schema | undefined, hints: ValueHints, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 1 });
  if (schema.$ref) {
    const target = (schema.$ref as string).replace(/^#\/components\/schemas\//, '');
    return schemaArbitrary(doc, doc.components?.schemas?.[target], hints, name, depth + 1);
  }
  const real = hints.byName[name];
  const withReal = (arb: fc.Arbitrary<unknown>) => (real?.length ? fc.oneof({ arbitrary: fc.constantFrom(...real), weight: 3 }, { arbitrary: arb, weight: 1 }) : arb);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => schemaArbitrary(doc, s, hints, name, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return withReal(stringArbitrary(schema));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = name.endsWith('_ids') && real?.length ? fc.constantFrom(...real) : schemaArbitrary(doc, schema.items, hints, name.replace(/s$/, ''), depth + 1);
      return fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)) });
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set<string>((schema.required ?? []) as string[]);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) model[k] = schemaArbitrary(doc, s, hints, k, depth + 1);
      const fixed = fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
      const pattern = schema.patternProperties as Record<string, Schema> | undefined;
      const extra = pattern ? Object.values(pattern)[0] : typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      if (!extra || Object.keys(props).length > 0) {
        return schema.minProperties ? fixed.filter((o) => Object.keys(o).length >= schema.minProperties) : fixed;
      }
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), schemaArbitrary(doc, extra, hints, '', depth + 1), {
        minKeys: schema.minProperties ?? 0,
        maxKeys: Math.min(schema.maxProperties ?? 3, 3),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? 60, 60);
  const min = schema.minLength ?? 0;
  const fit = (arb: fc.Arbitrary<string>) => arb.filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fit(fc.oneof(fc.emailAddress(), fc.stringMatching(/^[a-z]{1,10}\.[a-z]{1,10}@(example\.com|gmail\.com|buyer\.co\.uk)$/)));
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uri':
      return fc.webUrl();
  }
  if (schema.pattern) return fit(fc.stringMatching(new RegExp(schema.pattern as string)).map((s) => s.slice(0, max)));
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.max(min, max) }),
    fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'grapheme' }),
    fc.constantFrom('cash', 'mortgage approved', '£450k-£550k', '28 days', 'Rightmove', 'buy to let', 'London SE1', '+44 7911 123456').filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity)),
  );
}
