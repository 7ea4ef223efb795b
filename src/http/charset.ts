/**
 * JSON bodies are read as UTF-8, the only encoding JSON may be exchanged in (RFC 8259). A body that
 * says it is in another charset (`application/json; charset=utf-16`) would be misread, so it is
 * refused with 415 rather than parsed as something it is not.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/** The charset parameter of a Content-Type, lower-cased, or undefined when it names none. */
export function charsetOf(contentType: string): string | undefined {
  for (const part of contentType.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return part.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return undefined;
}

export function registerCharsetCheck(app: FastifyInstance) {
  app.addHook('preParsing', async (request) => {
    const type = request.headers['content-type'];
    if (typeof type !== 'string') return;
    const charset = charsetOf(type);
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send JSON as UTF-8 (charset=${charset.slice(0, 40)} is not supported)`);
    }
  });
}
