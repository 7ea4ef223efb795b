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
import type { ErrorDetail } from './errors.ts';

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
