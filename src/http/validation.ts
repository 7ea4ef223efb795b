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

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const BASE: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

const itemAjv = addFormats(new Ajv({ ...BASE, coerceTypes: false }));

/**
 * A validator for one item of a batch, so that a bad item fails alone with details in the same
 * words a whole request would get.
 */
export function compileItemValidator(schema: TSchema): (value: unknown) => ErrorDetail[] | null {
  const validate = itemAjv.compile(schema);
  return (value) => (validate(value) ? null : (validate.errors ?? []).map((issue) => describeIssue(issue, 'item')));
}

export function registerValidation(app: FastifyInstance) {
  const strictAjv = addFormats(new Ajv({ ...BASE, coerceTypes: false }));
  const coercingAjv = addFormats(new Ajv({ ...BASE, coerceTypes: 'array' }));
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
  });
}

/** Half of a UTF-16 surrogate pair on its own: not a character, and jsonb refuses its \u escape. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (it contains half of a surrogate pair)';
  return undefined;
}

/** Walks without recursion, so the walk itself cannot overflow on hostile input. */
function inputProblems(root: unknown, rootName: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  const name = (path: string) => path || rootName || 'value';
  while (stack.length > 0 && problems.length < 10) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) problems.push({ field: name(path), message: `${name(path)} ${problem}` });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      problems.push({ field: name(path), message: `${name(path)} is nested more than ${MAX_JSON_DEPTH} levels deep` });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const problem = textProblem(key);
      const shown = problem ? JSON.stringify(key).slice(1, -1) : key;
      const childPath = path ? `${path}.${shown}` : shown;
      if (problem) problems.push({ field: childPath, message: `the name of ${childPath} ${problem}` });
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return problems;
}
