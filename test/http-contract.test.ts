import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadInput, startTestApp, THIRD_PARTIES } from './helpers/app.ts';
import { createTestDatabase } from './helpers/database.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createCompany } from '../src/companies/service.ts';
import { createApiKey } from '../src/keys/service.ts';

const { app, tenant } = await startTestApp();

describe('HTTP contract', () => {
  test('every response carries X-Request-Id and X-Response-Time; a safe caller id is echoed', async () => {
    const t = await tenant();
    const res = await t.request('GET', '/api/v1/leads', undefined, { 'x-request-id': 'trace-123' });
    assert.equal(res.headers['x-request-id'], 'trace-123');
    assert.match(String(res.headers['x-response-time']), /^\d+ms$/);
    const anon = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'bad id\u0001' } });
    assert.match(String(anon.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.match(String(anon.headers['x-response-time']), /^\d+ms$/);
  });

  test('authenticated responses carry the rate-limit headers', async () => {
    const t = await tenant(['all'], { rateLimitPerMinute: 100 });
    const res = await app.inject({ method: 'GET', url: '/api/v1/leads', headers: { authorization: `Bearer ${await t.newKey(['all'], { rateLimitPerMinute: 100 })}` } });
    assert.equal(res.headers['x-ratelimit-limit'], '100');
    assert.equal(res.headers['x-ratelimit-remaining'], '99');
    assert.ok(Number(res.headers['x-ratelimit-reset']) > 0);
  });

  test('413 for a body over 1 MiB', async () => {
    const t = await tenant();
    const res = await t.request('POST', '/api/v1/leads', { ...leadInput(), notes: 'x'.repeat(1024 * 1024) });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'PAYLOAD_TOO_LARGE');
  });

  test('415 for a body that is not JSON', async () => {
    const t = await tenant();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await t.request('POST', '/api/v1/leads', 'full_name=x', { 'content-type': type });
      assert.equal(res.statusCode, 415, type);
      assert.equal(res.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  test('400 for malformed JSON and for a JSON body that is not an object', async () => {
    const t = await tenant();
    const bad = await t.request('POST', '/api/v1/leads', '{"full_name": ', { 'content-type': 'application/json' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), { error: { code: 'INVALID_REQUEST', message: 'The request body is not valid JSON' } });
    const list = await t.request('POST', '/api/v1/leads', '[1,2]', { 'content-type': 'application/json' });
    assert.equal(list.statusCode, 400);
    assert.equal(list.json().error.code, 'INVALID_REQUEST');
  });

  test('404 for an unknown route, in the error format', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
  });

  test('a 500 says nothing of its cause and shows no stack', async () => {
    // A real failure: the database goes away under a running app.
    const database = await createTestDatabase();
    const broken = await buildApp({ config: loadConfig(THIRD_PARTIES), database, logger: false });
    const company = await createCompany(database.db, 'Doomed');
    const key = await createApiKey(database.db, { companyId: company.id, name: 'k', permissions: ['all'] });
    const auth = { authorization: `Bearer ${key.key}` };
    assert.equal((await broken.inject({ method: 'GET', url: '/api/v1/leads', headers: auth })).statusCode, 200);
    await database.close();
    const res = await broken.inject({ method: 'GET', url: '/api/v1/leads', headers: auth });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(Object.keys(res.json().error).sort(), ['code', 'message']);
    assert.equal(res.json().error.code, 'INTERNAL');
    assert.doesNotMatch(res.body, /at |\.ts|select|PGlite|closed/i);
    await broken.close();
    await database.drop();
  });

  test('health and readiness', async () => {
    assert.deepEqual((await app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' });
    assert.deepEqual((await app.inject({ method: 'GET', url: '/readyz' })).json(), { status: 'ready' });
  });

  test('GET /metrics counts requests by route pattern, never by id', async () => {
    const t = await tenant();
    await t.request('GET', '/api/v1/leads/00000000-0000-4000-8000-000000000000');
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /naybourhood_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/leads\/:id",status="404"\} 1/);
    assert.doesNotMatch(res.body, /00000000-0000/);
    assert.match(res.body, /process_cpu_user_seconds_total/);
  });

  test('GET /metrics answers only this host unless METRICS_TOKEN is set', async () => {
    const remote = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    assert.equal(remote.statusCode, 403);
    assert.equal(remote.json().error.code, 'FORBIDDEN');
    assert.doesNotMatch(remote.body, /naybourhood_http/);

    const withToken = await startTestApp({ METRICS_TOKEN: 'scrape-me-please' });
    const get = (headers: Record<string, string>) => withToken.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9', headers });
    assert.equal((await get({})).statusCode, 401);
    assert.equal((await get({ authorization: 'Bearer scrape-me-not' })).statusCode, 401);
    const ok = await get({ authorization: 'Bearer scrape-me-please' });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /process_cpu_user_seconds_total/);
    // With a token, loopback is no exception: the token is the one way in.
    assert.equal((await withToken.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
  });

  test('Swagger UI is served at /api/v1/docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });
});
