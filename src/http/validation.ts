/**
 * Request validation. Query strings and path params arrive as text and are coerced ("2" → 2);
 * JSON bodies are validated exactly as sent, so a wrong type is an error instead of a guess.
 * Unknown properties are reported, never silently stripped: that is what stops mass assignment.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { describeIssue } from './error-handler.ts';
import { invalid, type ErrorDetail } from '../errors.ts';
import { cleanStringsInPlace } from '../text/normalise.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

// strictNumbers: JSON.parse reads 1e309 as Infinity, which no numeric field means (a budget of
// Infinity was once stored as the string "Infinity"); with it, NaN and ±Infinity are not numbers.
const BASE: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false, strictNumbers: true };

/**
 * A byte cap for free-form JSON (a lead's `attributes`, `utm`): counts and lengths cannot bound a
 * tree of any shape, its size as JSON can. Measured once with JSON.stringify: linear, and native.
 */
export const MAX_JSON_BYTES_KEYWORD = 'x-max-json-bytes';

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

function withKeywords(ajv: Ajv): Ajv {
  addFormats(ajv);
  const check = (max: number, data: unknown): boolean => {
    if (jsonBytes(data) <= max) return true;
    check.errors = [{ keyword: MAX_JSON_BYTES_KEYWORD, message: `must be at most ${max} bytes as JSON`, params: { limit: max } }];
    return false;
  };
  check.errors = [] as { keyword: string; message: string; params: Record<string, unknown> }[];
  ajv.addKeyword({ keyword: MAX_JSON_BYTES_KEYWORD, schemaType: 'number', validate: check, errors: true });
  return ajv;
}

const newAjv = (coerceTypes: Options['coerceTypes']) => withKeywords(new Ajv({ ...BASE, coerceTypes }));

const itemAjv = newAjv(false);

/**
 * A validator for one item of a batch, so that a bad item fails alone with details in the same
 * words a whole request would get.
 */
export function compileItemValidator(schema: TSchema): (value: unknown) => ErrorDetail[] | null {
  const validate = itemAjv.compile(schema);
  return (value) => (validate(value) ? null : (validate.errors ?? []).map((issue) => describeIssue(issue, 'item')));
}

export function registerValidation(app: FastifyInstance) {
  const strictAjv = newAjv(false);
  const coercingAjv = newAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema),
  );
}

/** Deeper than any real lead or Typeform delivery; deep enough to keep free-form `attributes` useful. */
export const MAX_JSON_DEPTH = 32;

/**
 * What no schema can say, checked before validation for every route (the Typeform webhook too):
 * PostgreSQL cannot store the NUL character in text or jsonb, jsonb refuses a lone surrogate, and
 * deeply nested JSON overflows the stack of whoever walks it next (JSON.stringify, the jsonb
 * parser). Each would surface as a 500; they are the client's mistake, so each is a 400 naming the
 * field.
 */
export function registerInputLimits(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    // Only the parts a route declares are read by it; an undeclared query string is ignored, not refused.
    const declared = (request.routeOptions.schema ?? {}) as { params?: unknown; querystring?: unknown; body?: unknown };
    const problems = [
      ...(declared.params ? inputProblems(request.params, '') : []),
      ...(declared.querystring ? inputProblems(request.query, '') : []),
      ...(declared.body ? inputProblems(request.body, 'body') : []),
    ];
    if (problems.length > 0) throw invalid('The request is invalid', problems.slice(0, 10));
    // Invisible characters out, NFC, trimmed, before the schema judges a value: a zero-width space
    // pasted after an email is not a reason to refuse the lead. Raw bodies (signed webhooks) stay raw.
    if (declared.body && !Buffer.isBuffer(request.body)) cleanStringsInPlace(request.body);
  });
}

/** Half of a UTF-16 surrogate pair on its own: not a character, and jsonb refuses its \u escape. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it contains half of a surrogate pair)';
  return undefined;
}

/**
 * A depth-first walk without recursion, so the walk itself cannot overflow on hostile input, and in
 * linear time with no allocation per element: the stack holds only the containers on the current
 * path (at most MAX_JSON_DEPTH of them) with the position reached in each, and a field's path is
 * put together from that stack only when something is reported. A 1 MB array once cost 1.5 s
 * here, most of it building "attributes.list.0.1.2…" strings for every element.
 */
function inputProblems(root: unknown, rootName: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const containers: object[] = [];
  const positions: number[] = [];
  const names: (string[] | null)[] = []; // an object's keys; null for an array
  const fieldOf = (key: string | number | undefined) => {
    const parts: string[] = [];
    for (let level = 0; level < containers.length; level++) {
      const at = positions[level]! - 1;
      const isCurrent = level === containers.length - 1;
      if (isCurrent && key === undefined) break;
      parts.push(shownKey(isCurrent ? key! : (names[level]?.[at] ?? at)));
    }
    return parts.join('.') || rootName || 'value';
  };
  const report = (key: string | number | undefined, message: (field: string) => string) => {
    const field = fieldOf(key);
    problems.push({ field, message: message(field) });
  };
  const open = (value: object) => {
    containers.push(value);
    positions.push(0);
    names.push(Array.isArray(value) ? null : Object.keys(value));
  };

  if (typeof root === 'string') {
    const problem = textProblem(root);
    if (problem) report(undefined, (f) => `${f} ${problem}`);
  } else if (typeof root === 'object' && root !== null) {
    open(root);
  }
  while (containers.length > 0 && problems.length < 10) {
    const top = containers.length - 1;
    const keys = names[top];
    const i = positions[top]!;
    const container = containers[top] as Record<string, unknown> & unknown[];
    if (i >= (keys === null ? container.length : keys!.length)) {
      containers.pop();
      positions.pop();
      names.pop();
      continue;
    }
    positions[top] = i + 1;
    const key = keys === null ? i : keys![i]!;
    if (typeof key === 'string') {
      const keyProblem = textProblem(key);
      if (keyProblem) report(key, (f) => `the name of ${f} ${keyProblem}`);
    }
    const child: unknown = container[key as never];
    if (typeof child === 'string') {
      const problem = textProblem(child);
      if (problem) report(key, (f) => `${f} ${problem}`);
    } else if (typeof child === 'object' && child !== null) {
      if (containers.length >= MAX_JSON_DEPTH) report(key, (f) => `${f} is nested more than ${MAX_JSON_DEPTH} levels deep`);
      else open(child);
    }
  }
  return problems;
}

/** A key as it is shown in a path: escaped when it holds what the problem is about. */
function shownKey(key: string | number): string {
  if (typeof key === 'number') return String(key);
  return textProblem(key) ? JSON.stringify(key).slice(1, -1) : key;
}
