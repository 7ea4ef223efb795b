/**
 * Regression tests for what the fuzzer (test/fuzz.test.ts) found: inputs that passed the schemas
 * but made PostgreSQL or the router fail, and came back as a 500 or in Fastify's own format.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadInput, startTestApp } from './helpers/app.ts';
import { dbFingerprint } from './helpers/api-surface.ts';
import { nested } from './helpers/hostile.ts';

const { app, tenant, database } = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });

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

  test('dates at the last day of year 9999 are answered, not a 500 (the day after them is past PostgreSQL\'s text)', async () => {
    const t = await tenant();
    await t.request('POST', '/api/v1/leads', leadInput());
    for (const url of [
      '/api/v1/leads?created_from=9999-12-31T23:59:59Z',
      '/api/v1/leads?created_from=9999-12-31T00:00:00.001Z&created_to=9999-12-31T23:59:59.999Z',
      '/api/v1/stats?from=9999-12-31T00:00:00.001Z',
      '/api/v1/stats?to=9999-12-31T23:59:59.999Z',
      '/api/v1/stats?from=0001-01-01T00:00:00Z&to=0001-01-01T00:00:00.001Z',
    ]) {
      const res = await t.request('GET', url);
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    }
    const late = (await t.request('GET', '/api/v1/stats?from=9999-12-31T00:00:00.001Z')).json();
    assert.equal(late.total_leads, 0);
    assert.equal((await t.request('GET', '/api/v1/stats?to=9999-12-31T23:59:59.999Z')).json().total_leads, 1);
    await expect400(await t.request('GET', '/api/v1/stats?from=0000-06-01T00:00:00Z'), 'from');
  });

  test('a deliveries cursor of year 0 or +200000 is a 400 naming the cursor', async () => {
    const t = await tenant();
    const sub = await t.request('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['lead.created'] });
    assert.equal(sub.statusCode, 201, sub.body);
    const deliveries = (a: string) =>
      `/api/v1/webhooks/${sub.json().id}/deliveries?cursor=${Buffer.from(JSON.stringify({ a, i: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}`;
    for (const a of ['0000-01-01T00:00:00Z', '+200000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z']) await expect400(await t.request('GET', deliveries(a)), 'cursor');
    assert.equal((await t.request('GET', deliveries('2024-01-01T00:00:00.000Z'))).statusCode, 200);
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

describe('numbers and free-form JSON are bounded', () => {
  test('budget: 1e309 (Infinity once parsed) is a 400, not a lead with budget "Infinity"', async () => {
    const t = await tenant();
    const before = await dbFingerprint(database.db);
    for (const n of ['1e309', '-1e309']) {
      const res = await t.request('POST', '/api/v1/leads', `{"full_name":"Big Spender","email":"big@example.com","budget":${n}}`, { 'content-type': 'application/json' });
      await expect400(res, 'budget');
    }
    assert.deepEqual(await dbFingerprint(database.db), before);
  });

  test('attributes over 32 KiB as JSON and utm over 4 KiB are 400s naming them, however they are shaped', async () => {
    const t = await tenant();
    const wide = { attributes: { a: 'x'.repeat(33_000) } };
    const deep = { attributes: { list: Array.from({ length: 5000 }, (_, i) => [i, [i]]) } };
    for (const body of [wide, deep]) {
      const res = await t.request('POST', '/api/v1/leads', leadInput(body));
      await expect400(res, 'attributes');
      assert.match(res.json().error.details[0].message, /at most 32768 bytes/);
    }
    const utm = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`utm_${i}`, 'u'.repeat(450)]));
    await expect400(await t.request('POST', '/api/v1/leads', leadInput({ utm })), 'utm');
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    await expect400(await t.request('PATCH', `/api/v1/leads/${lead.id}`, wide), 'attributes');
    assert.equal((await t.request('POST', '/api/v1/leads', leadInput({ attributes: { a: 'x'.repeat(30_000) } }))).statusCode, 201);
  });

  test('a 1 MB body of nested arrays is refused after one linear walk, naming the cap', async () => {
    const t = await tenant();
    const body = `{"full_name":"A","email":"a@example.com","attributes":{"list":[${Array.from({ length: 120_000 }, () => '[1,[2]]').join(',')}]}}`;
    assert.ok(body.length < 1024 * 1024);
    const res = await t.request('POST', '/api/v1/leads', body, { 'content-type': 'application/json' });
    await expect400(res, 'attributes');
  });
});

describe('lists leave attributes out unless asked', () => {
  test('GET /leads has no attributes; expand=attributes brings them, in page and cursor mode', async () => {
    const t = await tenant();
    await t.request('POST', '/api/v1/leads', leadInput({ attributes: { answer: 'yes' } }));
    const plain = (await t.request('GET', '/api/v1/leads')).json();
    assert.equal(plain.data.length, 1);
    assert.equal('attributes' in plain.data[0], false);
    for (const url of ['/api/v1/leads?expand=attributes', '/api/v1/leads?limit=5&expand=attributes']) {
      const expanded = await t.request('GET', url);
      assert.equal(expanded.statusCode, 200, expanded.body);
      assert.deepEqual(expanded.json().data[0].attributes, { answer: 'yes' });
    }
    await expect400(await t.request('GET', '/api/v1/leads?expand=secrets'), 'expand');
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
