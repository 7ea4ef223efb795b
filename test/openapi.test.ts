import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { generateOpenApi, OPENAPI_PATH } from '../src/http/openapi-document.ts';
import { startTestApp } from './helpers/app.ts';

const { app } = await startTestApp();

test('the committed docs/openapi.json matches the code (run `npm run openapi:write` after changing a schema)', async () => {
  const committed = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(await generateOpenApi())));
});

test('GET /api/v1/openapi.json serves an OpenAPI 3.1 document with named components', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  for (const name of ['Error', 'Lead', 'LeadWithBreakdown']) assert.ok(doc.components.schemas[name], name);
  const create = doc.paths['/api/v1/leads'].post;
  assert.equal(create.operationId, 'createLead');
  assert.equal(create.responses['201'].content['application/json'].schema.$ref, '#/components/schemas/LeadWithBreakdown');
  assert.equal(create.responses['409'].content['application/json'].schema.$ref, '#/components/schemas/Error');
  assert.deepEqual(doc.security, [{ bearerAuth: [] }, { sessionCookie: [] }]);
});
