/**
 * Regression tests for what the fuzzer (test/fuzz.test.ts) found: inputs that passed the schemas
 * but made PostgreSQL or the router fail, and came back as a 500 or in Fastify's own format.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadInput, startTestApp } from './helpers/app.ts';
import { dbFingerprint } from './helpers/api-surface.ts';
import { nested } from './helpers/hostile.ts';

const { app, tenant, database } = await startTestApp();

const cursor = (c: string, i: string) => Buffer.from(JSON.stringify({ c, i })).toString('base64url');

async function expect400(res: { statusCode: number; json(): any }, field: string) { // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(res.statusCode, 400, JSON.stringify(res.json()));
  const { error } = res.json();
  assert.equal(error.code, 'INVALID_REQUEST');
  assert.ok(error.details.some((d: { field: string }) => d.field === field), `details name ${field}: ${JSON.stringify(error)}`);
}

describe('values PostgreSQL cannot store are a 400 naming the field, not a 500', () => {
  test('the NUL character in a body field, a nested value, a key, a query string and a path', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const before = await dbFingerprint(database.db);
    await expect400(await t.request('POST', '/api/v1/leads', leadInput({ full_name: 'Sarah\u0000Chen' })), 'full_name');
    await expect400(await t.request('POST', '/api/v1/leads', leadInput({ attributes: { answer: 'yes\u0000' } })), 'attributes.answer');
    await expect400(await t.request('PATCH', `/api/v1/leads/${lead.id}`, { notes: '\u0000' }), 'notes');
    const key = await t.request('POST', '/api/v1/leads', leadInput({ attributes: { 'a\u0000': 1 } }));
    await expect400(key, 'attributes.a\\u0000');
    await expect400(await t.request('GET', '/api/v1/leads?search=%00'), 'search');
    const envelope = await t.request('GET', `/api/v1/leadscoring?client_id=${t.companyId}&email=a%00b`);
    assert.equal(envelope.statusCode, 400);
    assert.deepEqual(envelope.json(), { status_code: 400, data: null, message: 'email must not contain the NUL character (\\u0000)', message_code: 'INVALID_REQUEST' });
    assert.deepEqual(await dbFingerprint(database.db), before, 'nothing was written');
    // A part the route does not declare is not read, so it is not refused either.
    assert.equal((await t.request('GET', `/api/v1/leads/${lead.id}?x=%00`)).statusCode, 200);
  });

  test('a lone surrogate (half of a UTF-16 pair), which jsonb refuses', async () => {
    const t = await tenant();
    await expect400(await t.request('POST', '/api/v1/leads', leadInput({ attributes: { answer: 'x\udfff' } })), 'attributes.answer');
    await expect400(await t.request('POST', '/api/v1/leads', leadInput({ full_name: '\ud800' })), 'full_name');
    const webhook = await app.inject({ method: 'POST', url: '/api/v1/leadscoring/webhook', payload: { event_id: '\udfff', event_type: 'form_response' } });
    assert.equal(webhook.statusCode, 400);
    assert.equal(webhook.json().message, 'event_id must be valid Unicode (it contains half of a surrogate pair)');
    // A proper pair is a character like any other.
    assert.equal((await t.request('POST', '/api/v1/leads', leadInput({ full_name: 'Zoë 😀' }))).statusCode, 201);
  });

  test('JSON nested deeper than 32 levels, however deep', async () => {
    const t = await tenant();
    for (const depth of [40, 5_000, 100_000]) {
      const body = `{"full_name":"Deep","email":"deep${depth}@example.com","attributes":{"a":${nested(depth, 'array')}}}`;
      const res = await t.request('POST', '/api/v1/leads', body, { 'content-type': 'application/json' });
      assert.equal(res.statusCode, 400, `depth ${depth}: ${res.body}`);
      assert.match(res.json().error.details[0].message, /nested more than 32 levels deep/);
    }
    const ok = { full_name: 'Shallow', email: 'shallow@example.com', attributes: { a: JSON.parse(nested(20, 'object')) } };
    assert.equal((await t.request('POST', '/api/v1/leads', ok)).statusCode, 201);
  });

  test('dates the schema accepts but PostgreSQL or JavaScript do not: a leap second, year 0', async () => {
    const t = await tenant();
    await expect400(await t.request('GET', '/api/v1/leads?created_from=2024-12-31T23:59:60Z'), 'created_from');
    await expect400(await t.request('GET', '/api/v1/leads?created_to=0000-01-01T00:00:00Z'), 'created_to');
    assert.equal((await t.request('GET', '/api/v1/leads?created_from=0001-01-01T00:00:00Z&created_to=9999-12-31T23:59:59Z')).statusCode, 200);
  });

  test('cursors that decode but name no row: a non-UUID id, a date out of range', async () => {
    const t = await tenant();
    const id = '00000000-0000-4000-8000-000000000000';
    for (const bad of [cursor('2024-01-01T00:00:00Z', '-'.repeat(36)), cursor('-100000-01-01T00:00:00Z', id), cursor('0000-01-01T00:00:00Z', id)]) {
      await expect400(await t.request('GET', `/api/v1/leads?cursor=${bad}`), 'cursor');
    }
    assert.equal((await t.request('GET', `/api/v1/leads?cursor=${cursor('2024-01-01T00:00:00.000Z', id)}`)).statusCode, 200);
  });
});

describe('URLs the router refuses are answered in our format', () => {
  test('a path parameter over the limit: the v1 error, or the envelope under /leadscoring', async () => {
    const t = await tenant();
    const v1 = await t.request('GET', `/api/v1/leads/${'x'.repeat(2_000)}`);
    assert.equal(v1.statusCode, 400);
    assert.equal(v1.json().error.code, 'INVALID_REQUEST');
    assert.ok(v1.headers['x-request-id']);
    const ls = await t.request('POST', `/api/v1/leadscoring/fire-capi-event/${t.companyId}/${'x'.repeat(2_000)}`);
    assert.equal(ls.statusCode, 400);
    assert.equal(ls.json().message_code, 'INVALID_REQUEST');
  });

  test('an email of 254 characters fits in a path', async () => {
    const t = await tenant();
    const email = `${'a'.repeat(64)}@${'b'.repeat(180)}.example`;
    const res = await t.request('POST', `/api/v1/leadscoring/fire-capi-event/${t.companyId}/${encodeURIComponent(email)}`);
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().message, 'Client data not found');
  });

  test('a malformed percent-escape in the path', async () => {
    const t = await tenant();
    const res = await t.request('GET', '/api/v1/leads/%E0%A4%A');
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { error: { code: 'INVALID_REQUEST', message: 'The URL is not valid' } });
  });
});
