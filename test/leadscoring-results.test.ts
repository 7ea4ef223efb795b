import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { createLeadScoringWorker } from '../src/leadscoring/worker.ts';
import { startTestApp, type TestTenant } from './helpers/app.ts';
import { startFakeServer } from './helpers/fake-http.ts';
import { buyerDelivery, drain, postDelivery } from './helpers/typeform.ts';

const prefi = await startFakeServer();
const formAi = await startFakeServer();
const { app, tenant, database, config } = await startTestApp({ PREFI_API_URL: `${prefi.url}/v1/prefi`, FORM_AI_API_URL: `${formAi.url}/v1/form-ai` });
// A generous time-out, so a busy machine never turns a remote answer into a fallback by accident;
// the time-out test has its own impatient worker.
const worker = createLeadScoringWorker({ config, database }, { providers: { timeoutMs: 5000, attempts: 2, backoffMs: 5 } });
// Patient enough that a prompt answer never times out on a loaded machine; the slow one takes far longer.
const impatientWorker = createLeadScoringWorker({ config, database }, { providers: { timeoutMs: 1500, attempts: 2, backoffMs: 5 } });

const PREFI_ANSWER = { sal: 'Yes', sal_rating: 'Great', p_finq_ai: 0.81 };
const FORM_AI_ANSWER = { p_show_ai: 0.66, p_close_ai: 0.42, p_intent_ai: 0.73 };
prefi.reply(() => ({ body: PREFI_ANSWER }));
formAi.reply(() => ({ body: FORM_AI_ANSWER }));

async function submit(t: TestTenant, email: string, by = worker) {
  const res = await postDelivery(app, buyerDelivery(t.companyId, { email, hidden: { state_residence: 'Greater London' } }));
  assert.equal(res.statusCode, 200, res.body);
  await drain(by);
  const got = await t.request('GET', `/api/v1/leadscoring?client_id=${t.companyId}&email=${encodeURIComponent(email)}`);
  assert.equal(got.statusCode, 200, got.body);
  return got.json();
}

describe('GET /api/v1/leadscoring', () => {
  test("answers the contract's shape: value, settings (no secrets), and which providers answered", async () => {
    const t = await tenant(['score_single', 'settings_manage']);
    await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { pixel_id: '123456789', access_token: 'EAAB-secret-token', event_source_url: 'https://riverside.example/register' });
    const body = await submit(t, 'Sarah.Collins@Example.co.uk');
    assert.equal(body.status_code, 200);
    assert.equal(body.message, null);
    const { data } = body;
    assert.equal(data.email, 'sarah.collins@example.co.uk');
    assert.deepEqual(Object.keys(data.value).sort(), [
      'p_close_ai', 'p_fin', 'p_finq_ai', 'p_intent_ai', 'p_show', 'p_show_ai', 'p_sql', 'rotator', 'sal', 'sal_rating', 'state_residence',
    ]);
    assert.equal(data.value.sal, 'Yes');
    assert.equal(data.value.sal_rating, 'Great');
    assert.equal(data.value.p_finq_ai, 0.81);
    assert.equal(data.value.p_show_ai, 0.66);
    assert.equal(data.value.p_close_ai, 0.42);
    assert.equal(data.value.p_intent_ai, 0.73);
    assert.equal(data.value.state_residence, 'Greater London');
    for (const p of ['p_fin', 'p_show', 'p_sql']) assert.ok(data.value[p] > 0 && data.value[p] < 1, p);
    assert.deepEqual(data.providers, { prefi: { source: 'remote' }, form_ai: { source: 'remote' } });
    assert.deepEqual(data.settings, {
      fb_capi_fin: 0.5, fb_capi_show: 0.6, a_rotator_fin: 0.7, a_rotator_show: 0.6, b_rotator_fin: 0.5, b_rotator_show: 0.5,
      c_rotator_fin: 0.3, c_rotator_show: 0.3, pixel_id: '123456789', event_name: 'Lead',
      event_source_url: 'https://riverside.example/register', action_source: 'website',
    });
    assert.ok(!JSON.stringify(body).includes('EAAB-secret-token'));
  });

  test('the providers receive the documented request', async () => {
    const t = await tenant();
    prefi.requests.length = 0;
    formAi.requests.length = 0;
    await submit(t, 'contract@example.co.uk');
    const p = prefi.requests.at(-1)!;
    assert.equal(p.method, 'POST');
    assert.equal(p.url, '/v1/prefi');
    assert.match(String(p.headers['content-type']), /application\/json/);
    assert.deepEqual(p.json, {
      client_id: t.companyId,
      submitted_at: '2026-11-20T10:01:44Z',
      lead: {
        first_name: 'Sarah', last_name: 'Collins', email: 'contract@example.co.uk', phone: '+447911123456', budget: '£450k-£550k',
        payment_method: 'Cash', timeline: 'Within 28 days', purpose: 'A home to live in', bedrooms: 2, location: 'Battersea, London',
        state_residence: 'Greater London',
      },
    });
    const f = formAi.requests.at(-1)!.json as { answers: { title: string; value: unknown }[]; utm: Record<string, string> };
    assert.equal(f.answers.length, 15);
    assert.deepEqual(f.answers.find((a) => a.title === 'Which features matter most?')?.value, ['Balcony', 'Parking', 'Gym']);
    assert.equal(f.utm.utm_campaign, 'riverside_launch');
  });

  test('no result yet → data null; another company or an unknown client → 404 Client not found', async () => {
    const t = await tenant(['score_single']);
    const none = await t.request('GET', `/api/v1/leadscoring?client_id=${t.companyId}&email=nobody@example.com`);
    assert.deepEqual(none.json(), { status_code: 200, data: null, message: null });
    const other = await tenant();
    await submit(other, 'theirs@example.com');
    for (const clientId of [other.companyId, randomUUID()]) {
      const res = await t.request('GET', `/api/v1/leadscoring?client_id=${clientId}&email=theirs@example.com`);
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), { status_code: 404, data: null, message: 'Client not found', message_code: 'CLIENT_NOT_FOUND' });
    }
  });

  test('validation, authentication and permission errors use the envelope', async () => {
    const t = await tenant(['score_single']);
    const readOnly = `Bearer ${await t.newKey(['leads_read'])}`;
    const cases: [string, Record<string, string>, number, RegExp][] = [
      [`/api/v1/leadscoring?email=a@example.com`, {}, 400, /client_id is required/],
      [`/api/v1/leadscoring?client_id=${t.companyId}`, {}, 400, /email is required/],
      [`/api/v1/leadscoring?client_id=nope&email=a@example.com`, {}, 400, /client_id/],
      [`/api/v1/leadscoring?client_id=${t.companyId}&email=a@example.com`, { authorization: '' }, 401, /API key/],
      [`/api/v1/leadscoring?client_id=${t.companyId}&email=a@example.com`, { authorization: readOnly }, 403, /score_single/],
      [`/api/v1/leadscoring/nothing-here`, {}, 404, /No route/],
    ];
    for (const [url, headers, status, message] of cases) {
      const res = await t.request('GET', url, undefined, headers);
      assert.equal(res.statusCode, status, `${url}: ${res.body}`);
      const body = res.json();
      assert.equal(body.status_code, status);
      assert.equal(body.data, null);
      assert.match(body.message, message);
      assert.equal(typeof body.message_code, 'string');
    }
  });
});

describe('providers', () => {
  test('a Pre-FI time-out falls back to the local provider, and the result says so', async () => {
    const t = await tenant();
    prefi.reply(() => ({ delayMs: 10_000, body: PREFI_ANSWER }));
    try {
      const { data } = await submit(t, 'slow.prefi@example.com', impatientWorker);
      assert.equal(data.providers.prefi.source, 'local');
      assert.match(data.providers.prefi.fallback_reason, /^Pre-FI: timed out after 1500 ms$/);
      assert.deepEqual(data.providers.form_ai, { source: 'remote' });
      assert.notEqual(data.value.p_finq_ai, 0.81, 'the local value, not the late remote one');
    } finally {
      prefi.reply(() => ({ body: PREFI_ANSWER }));
    }
  });

  test('an answer that breaks the contract is not trusted: local fallback, no retry', async () => {
    const t = await tenant();
    formAi.requests.length = 0;
    formAi.reply(() => ({ body: { p_show_ai: 1.7, p_close_ai: 0.4, p_intent_ai: 0.5 } }));
    try {
      const { data } = await submit(t, 'bad.answer@example.com');
      assert.equal(data.providers.form_ai.source, 'local');
      assert.match(data.providers.form_ai.fallback_reason, /contract \(\/p_show_ai/);
      assert.equal(formAi.requests.length, 1);
    } finally {
      formAi.reply(() => ({ body: FORM_AI_ANSWER }));
    }
  });

  test('a 503 is retried once and the second answer is used; a 4xx is not retried', async () => {
    const t = await tenant();
    prefi.requests.length = 0;
    prefi.reply((_req, n) => (n === 1 ? { status: 503, body: { error: 'busy' } } : { body: PREFI_ANSWER }));
    let data = (await submit(t, 'flaky@example.com')).data;
    assert.deepEqual(data.providers.prefi, { source: 'remote' });
    assert.equal(prefi.requests.length, 2);

    prefi.requests.length = 0;
    prefi.reply(() => ({ status: 422, body: { error: 'unprocessable' } }));
    data = (await submit(t, 'refused@example.com')).data;
    assert.deepEqual(data.providers.prefi, { source: 'local', fallback_reason: 'Pre-FI: HTTP 422' });
    assert.equal(prefi.requests.length, 1);
    prefi.reply(() => ({ body: PREFI_ANSWER }));
  });

  test('without provider URLs the built-in providers answer', async () => {
    const local = createLeadScoringWorker({ config: { ...config, prefiApiUrl: undefined, formAiApiUrl: undefined }, database });
    const t = await tenant();
    assert.equal((await postDelivery(app, buyerDelivery(t.companyId, { email: 'local@example.com' }))).statusCode, 200);
    await drain(local);
    const { data } = (await t.request('GET', `/api/v1/leadscoring?client_id=${t.companyId}&email=local@example.com`)).json();
    assert.deepEqual(data.providers, { prefi: { source: 'local' }, form_ai: { source: 'local' } });
    // A cash buyer ready within 28 days: the local Pre-FI accepts them.
    assert.equal(data.value.sal, 'Yes');
  });
});

describe('rotator', () => {
  const tiers = (a: number, b: number, c: number) => ({
    a_rotator_fin: a, a_rotator_show: a, b_rotator_fin: b, b_rotator_show: b, c_rotator_fin: c, c_rotator_show: c,
  });
  const cases: [string, ReturnType<typeof tiers>, string | null][] = [
    ['meets A', tiers(0.01, 0.01, 0.01), 'A'],
    ['misses A, meets B', tiers(0.999, 0.01, 0.01), 'B'],
    ['misses A and B, meets C', tiers(0.999, 0.999, 0.01), 'C'],
    ['misses every tier', tiers(0.999, 0.999, 0.999), null],
  ];
  for (const [name, thresholds, expected] of cases) {
    test(`${name} → ${expected}`, async () => {
      const t = await tenant();
      assert.equal((await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, thresholds)).statusCode, 200);
      const { data } = await submit(t, 'rotated@example.com');
      assert.equal(data.value.rotator, expected);
    });
  }

  test('the same thresholds on the real values: p_fin and p_show exactly at A are A, a hair above on one axis is B', async () => {
    const t = await tenant();
    const { data } = await submit(t, 'edge@example.com');
    const { p_fin, p_show } = data.value;
    const put = (body: object) => t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, body);
    await put({ a_rotator_fin: p_fin, a_rotator_show: p_show, b_rotator_fin: 0, b_rotator_show: 0, c_rotator_fin: 0, c_rotator_show: 0 });
    assert.equal((await submit(t, 'edge@example.com')).data.value.rotator, 'A');
    await put({ a_rotator_show: Math.min(1, p_show + 0.0001) });
    assert.equal((await submit(t, 'edge@example.com')).data.value.rotator, 'B');
  });
});
