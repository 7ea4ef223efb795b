/**
 * Request validation. Query strings and path params arrive as text and are coerced ("2" → 2);
 * JSON bodies are validated exactly as sent, so a wrong type is an error instead of a guess.
 * Unknown properties are reported, never silently stripped: that is what stops mass assignment.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const BASE: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

export function registerValidation(app: FastifyInstance) {
  const strictAjv = addFormats(new Ajv({ ...BASE, coerceTypes: false }));
  const coercingAjv = addFormats(new Ajv({ ...BASE, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema),
  );
}
