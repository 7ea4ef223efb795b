import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { createLeadScoringWorker } from '../src/leadscoring/worker.ts';
import { startTestApp } from './helpers/app.ts';
import { buyerDelivery, drain, postDelivery } from './helpers/typeform.ts';

const { app, tenant, database, config } = await startTestApp();
const worker = createLeadScoringWorker({ config, database });
const url = (clientId: string) => `/api/v1/leadscoring/settings/${clientId}`;

describe('GET/PUT /api/v1/leadscoring/settings/{client_id}', () => {
  test("a new client reads the contract's defaults, with no secrets set", async () => {
    const t = await tenant(['settings_manage']);
    const res = await t.request('GET', url(t.companyId));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      status_code: 200,
      message: null,
      data: {
        fb_capi_fin: 0.5, fb_capi_show: 0.6, a_rotator_fin: 0.7, a_rotator_show: 0.6, b_rotator_fin: 0.5, b_rotator_show: 0.5,
        c_rotator_fin: 0.3, c_rotator_show: 0.3, pixel_id: null, event_name: 'Lead', event_source_url: null, action_source: 'website',
        field_mapping: {}, max_submissions_per_hour: 300, require_signature: false, access_token_set: false, typeform_secret_set: false,
      },
    });
  });

  test('secrets are write-only: set, never read back, kept when left out, cleared with null', async () => {
    const t = await tenant(['settings_manage']);
    const put = await t.request('PUT', url(t.companyId), { access_token: 'EAAB-very-secret', typeform_secret: 'tf-secret', pixel_id: '42' });
    assert.equal(put.statusCode, 200, put.body);
    assert.ok(!put.body.includes('very-secret') && !put.body.includes('tf-secret'));
    assert.equal(put.json().data.access_token_set, true);
    const later = await t.request('PUT', url(t.companyId), { fb_capi_fin: 0.55 });
    assert.equal(later.json().data.access_token_set, true, 'not re-sent, still set');
    assert.equal(later.json().data.fb_capi_fin, 0.55);
    const get = await t.request('GET', url(t.companyId));
    assert.ok(!get.body.includes('very-secret'));
    const cleared = await t.request('PUT', url(t.companyId), { access_token: null });
    assert.equal(cleared.json().data.access_token_set, false);
    assert.equal(cleared.json().data.typeform_secret_set, true);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['a threshold above 1', { fb_capi_fin: 1.5 }, /fb_capi_fin must be <= 1/],
    ['tiers out of order', { a_rotator_fin: 0.2 }, /^a_rotator_fin must be at least b_rotator_fin$/],
    ['an unknown field', { rotator_d: 0.1 }, /rotator_d is not a field you can set here/],
    ['a bad action source', { action_source: 'billboard' }, /action_source/],
    ['a source URL that is not http(s)', { event_source_url: 'ftp://x' }, /event_source_url/],
    ['a mapping to no lead field', { field_mapping: { q1: 'shoe_size' } }, /field_mapping/],
    ['an empty body', {}, /must NOT have fewer than 1 properties|body/],
  ];
  for (const [name, body, message] of invalid) {
    test(`400 for ${name}`, async () => {
      const t = await tenant(['settings_manage']);
      const res = await t.request('PUT', url(t.companyId), body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().status_code, 400);
      assert.equal(res.json().data, null);
      assert.match(res.json().message, message);
    });
  }

  test("another company's client, or an unknown one, is 404 Client not found; a lesser key is 403", async () => {
    const t = await tenant(['settings_manage']);
    const other = await tenant();
    for (const id of [other.companyId, randomUUID()]) {
      const res = await t.request('GET', url(id));
      assert.deepEqual(res.json(), { status_code: 404, data: null, message: 'Client not found', message_code: 'CLIENT_NOT_FOUND' });
    }
    const reader = await tenant(['score_single']);
    assert.equal((await reader.request('PUT', url(reader.companyId), { fb_capi_fin: 0.1 })).statusCode, 403);
  });

  test('a field mapping routes answers with unhelpful refs and titles to lead fields', async () => {
    const t = await tenant();
    const q = (id: string, ref: string, title: string) => ({ id, ref, title, type: 'short_text' });
    const d = buyerDelivery(t.companyId, {
      email: 'mapped@example.com',
      answers: [
        { type: 'text', text: 'Priya', field: { id: 'f1', type: 'short_text', ref: 'q_01' } },
        { type: 'text', text: 'Patel', field: { id: 'f2', type: 'short_text', ref: 'q_02' } },
        { type: 'email', email: 'mapped@example.com', field: { id: 'f3', type: 'email' } },
        { type: 'phone_number', phone_number: '+447700900123', field: { id: 'f4', type: 'phone_number' } },
        { type: 'number', number: 650000, field: { id: 'f5', type: 'number', ref: 'q_05' } },
        { type: 'choice', choice: { label: 'Mortgage agreed in principle' }, field: { id: 'f6', type: 'dropdown', ref: 'q_06' } },
      ],
    });
    (d.form_response.definition as { fields: unknown[] }).fields = [q('f1', 'q_01', 'Q1'), q('f2', 'q_02', 'Q2'), q('f5', 'q_05', 'Q5'), q('f6', 'q_06', 'Q6')];
    const before = await postDelivery(app, d);
    assert.equal(before.json().message, 'Missing required data: first_name, last_name', 'nothing to go on without a mapping');
    const put = await t.request('PUT', url(t.companyId), {
      field_mapping: { q_01: 'first_name', q_02: 'last_name', q_05: 'budget', f6: 'payment_method' },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal((await postDelivery(app, d)).statusCode, 200);
    await drain(worker);
    const leads = (await t.request('GET', '/api/v1/leads?search=mapped@example.com')).json().data;
    assert.equal(leads.length, 1);
    assert.equal(leads[0].full_name, 'Priya Patel');
    assert.equal(leads[0].budget, '650000');
    assert.equal(leads[0].payment_method, 'Mortgage agreed in principle');
  });
});

test('the OpenAPI document describes the Lead Scoring API, the webhook without Bearer auth', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  assert.equal(res.statusCode, 200, res.body);
  const doc = res.json();
  const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/leadscoring'));
  assert.deepEqual(paths.sort(), [
    '/api/v1/leadscoring', '/api/v1/leadscoring/fire-capi-event/{client_id}/{email}', '/api/v1/leadscoring/settings/{client_id}', '/api/v1/leadscoring/webhook',
  ]);
  assert.deepEqual(doc.paths['/api/v1/leadscoring/webhook'].post.security, []);
  assert.ok(doc.paths['/api/v1/leadscoring/settings/{client_id}'].put.requestBody);
});
