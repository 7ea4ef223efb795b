/** HTTP face of CSV imports: upload (multipart) answered 202 with a durable job, then progress. */
import { Type } from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../db/client.ts';
import { AppError, invalid } from '../http/errors.ts';
import { DateTime, Enum, errorResponses, IdParams, Nullable, Uuid } from '../http/schemas/common.ts';
import { IMPORT_STATUSES } from '../db/schema/index.ts';
import { createImport, getImport, listImports, MAX_IMPORT_BYTES, toImportResponse } from './service.ts';

const tags = ['Imports'];

export const ImportSchema = Type.Object({
  id: Uuid(),
  mode: Enum(['history', 'live'] as const),
  status: Enum(IMPORT_STATUSES),
  filename: Nullable(Type.String()),
  total_rows: Nullable(Type.Integer({ description: 'rows in the file, once read' })),
  processed_rows: Type.Integer(),
  inserted: Type.Integer({ description: 'leads created, or training examples added (history)' }),
  merged: Type.Integer({ description: 'rows merged into an existing lead with the same email' }),
  duplicates: Type.Integer({ description: 'history rows already imported (a re-run adds nothing twice)' }),
  failed: Type.Integer({ description: 'rows refused; the first 1,000 are in errors' }),
  errors: Type.Array(Type.Object({ line: Type.Integer(), field: Nullable(Type.String()), reason: Type.String() })),
  error: Nullable(Type.String({ description: 'why the whole file was refused' })),
  created_at: DateTime(),
  finished_at: Nullable(DateTime()),
}, { $id: 'Import' });

/** Reads the multipart form: one `file` part and the text fields history, outcome_column, map. */
async function readUpload(parts: AsyncIterableIterator<import('@fastify/multipart').Multipart>) {
  const fields: Record<string, string> = {};
  let file: { filename: string; content: Buffer } | null = null;
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file !== null) throw invalid('Send one CSV file in the field "file"', [{ field: part.fieldname, message: 'unexpected file' }]);
      const content = await part.toBuffer();
      file = { filename: part.filename, content };
    } else {
      if (!['history', 'outcome_column', 'map'].includes(part.fieldname)) throw invalid(`Unknown field ${part.fieldname}`, [{ field: part.fieldname, message: 'is not a field of an import' }]);
      fields[part.fieldname] = String(part.value).slice(0, 10_000);
    }
  }
  if (file === null) throw invalid('Send the CSV file in the field "file"', [{ field: 'file', message: 'is required' }]);
  const history = fields.history === undefined ? false : ['true', '1', 'yes'].includes(fields.history.toLowerCase()) ? true
    : ['false', '0', 'no'].includes(fields.history.toLowerCase()) ? false : null;
  if (history === null) throw invalid('history must be true or false', [{ field: 'history', message: 'must be true or false' }]);
  let map: Record<string, string> | undefined;
  if (fields.map) {
    map = {};
    for (const pair of fields.map.split(',')) {
      const at = pair.indexOf('=');
      if (at <= 0) throw invalid('map takes col=field pairs separated by commas', [{ field: 'map', message: `"${pair.slice(0, 40)}" is not col=field` }]);
      map[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
    }
  }
  return { ...file, history, outcomeColumn: fields.outcome_column?.trim() || null, map };
}

export const importRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tenant = (companyId: string) => ({ db, companyId });
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 10_000, parts: 12 } });
  app.addSchema(ImportSchema);

  app.post('/imports', {
    config: { permission: 'imports_write' },
    schema: {
      tags,
      operationId: 'createImport',
      summary: 'Upload a CSV of leads (multipart/form-data): processed in the background',
      description: 'Form fields: `file` (the CSV, up to 50 MB; comma, semicolon or tab; UTF-8 with or without BOM), `history` ' +
        '(`true`: rows are training examples only, never listed or sent anywhere), `outcome_column` (header of the outcome: ' +
        'won/lost, yes/no, 1/0, converted, or a status name; required with history), `map` (`col=field,…`; field is a lead field, ' +
        '`attributes.NAME` or `ignore`). Columns map by header or common synonym; others become attributes. Answers 202; ' +
        'poll `GET /imports/{id}`.',
      consumes: ['multipart/form-data'],
      response: { 202: Type.Ref('Import'), ...errorResponses(400, 401, 403, 413, 415, 429) },
    },
    handler: async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the CSV as multipart/form-data');
      let upload;
      try {
        upload = await readUpload(request.parts());
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
        throw e;
      }
      const row = await createImport(tenant(request.auth.companyId), upload);
      return reply.code(202).send(toImportResponse(row));
    },
  });

  app.get('/imports', {
    config: { permission: 'imports_write' },
    schema: { tags, operationId: 'listImports', summary: 'Your latest 100 imports, newest first', response: { 200: Type.Object({ data: Type.Array(Type.Ref('Import')) }), ...errorResponses(401, 403, 429) } },
    handler: async (request) => ({ data: (await listImports(tenant(request.auth.companyId))).map(toImportResponse) }),
  });

  app.get('/imports/:id', {
    config: { permission: 'imports_write' },
    schema: { tags, operationId: 'getImport', summary: 'An import: status, progress, counts and row errors (line, field, reason)', params: IdParams, response: { 200: Type.Ref('Import'), ...errorResponses(400, 401, 403, 404, 429) } },
    handler: async (request) => toImportResponse(await getImport(tenant(request.auth.companyId), request.params.id)),
  });
};
