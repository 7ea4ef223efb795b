import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadInput, startTestApp } from './helpers/app.ts';

const { tenant } = await startTestApp();

describe('Idempotency-Key on POST /leads', () => {
  test('the same key and body replays the first response and creates one lead', async () => {
    const t = await tenant();
    const body = leadInput();
    const first = await t.request('POST', '/api/v1/leads', body, { 'idempotency-key': 'create-1' });
    const again = await t.request('POST', '/api/v1/leads', body, { 'idempotency-key': 'create-1' });
    assert.equal(first.statusCode, 201);
    assert.equal(again.statusCode, 201);
    assert.equal(again.body, first.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal((await t.request('GET', '/api/v1/leads')).json().meta.total, 1);
  });

  test('the same key with another body is a 409 and creates nothing', async () => {
    const t = await tenant();
    await t.request('POST', '/api/v1/leads', leadInput(), { 'idempotency-key': 'create-2' });
    const other = await t.request('POST', '/api/v1/leads', leadInput(), { 'idempotency-key': 'create-2' });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().error.code, 'CONFLICT');
    assert.match(other.json().error.message, /Idempotency-Key/);
    assert.equal((await t.request('GET', '/api/v1/leads')).json().meta.total, 1);
  });

  test('an answer the service gave (even a 409) is replayed; keys are per company', async () => {
    const a = await tenant();
    const b = await tenant();
    const taken = leadInput();
    await a.request('POST', '/api/v1/leads', taken);
    const first = await a.request('POST', '/api/v1/leads', taken, { 'idempotency-key': 'k' });
    const replay = await a.request('POST', '/api/v1/leads', taken, { 'idempotency-key': 'k' });
    assert.equal(first.statusCode, 409);
    assert.equal(replay.statusCode, 409);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const otherCompany = await b.request('POST', '/api/v1/leads', leadInput(), { 'idempotency-key': 'k' });
    assert.equal(otherCompany.statusCode, 201);
  });

  test('concurrent retries with one key create exactly one lead', async () => {
    const t = await tenant();
    const body = leadInput();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.request('POST', '/api/v1/leads', body, { 'idempotency-key': 'race' })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    assert.ok(codes.includes(201));
    assert.ok(codes.every((c) => c === 201 || c === 409), codes.join());
    assert.equal((await t.request('GET', '/api/v1/leads')).json().meta.total, 1);
  });

  test('a request refused by validation is not recorded: fixing the body with the same key works', async () => {
    const t = await tenant();
    const refused = await t.request('POST', '/api/v1/leads', { full_name: '' }, { 'idempotency-key': 'fix-me' });
    assert.equal(refused.statusCode, 400);
    const fixed = await t.request('POST', '/api/v1/leads', leadInput(), { 'idempotency-key': 'fix-me' });
    assert.equal(fixed.statusCode, 201);
  });

  test('a malformed key is a 400', async () => {
    const t = await tenant();
    const res = await t.request('POST', '/api/v1/leads', leadInput(), { 'idempotency-key': 'x'.repeat(300) });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].field, 'Idempotency-Key');
  });
});
