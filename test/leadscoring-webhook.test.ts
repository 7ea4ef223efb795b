import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { jobs, leads, leadScores } from '../src/db/schema/index.ts';
import { PROCESS_SUBMISSION } from '../src/leadscoring/jobs.ts';
import { createLeadScoringWorker } from '../src/leadscoring/worker.ts';
import { startTestApp } from './helpers/app.ts';
import { buyerDelivery, clone, drain, postDelivery, TYPEFORM_DOCS_EXAMPLE } from './helpers/typeform.ts';

const { app, tenant, database, config } = await startTestApp();
const worker = createLeadScoringWorker({ config, database });
const submissionJobs = (companyId: string) =>
  database.db.select().from(jobs).where(and(eq(jobs.kind, PROCESS_SUBMISSION), eq(jobs.companyId, companyId)));

const OK = { status_code: 200, data: 'OK', message: null };

describe('POST /api/v1/leadscoring/webhook: checks, in the seed order, with the seed messages', () => {
  test("Typeform's docs example as published has no client_id: 400 client_id is required", async () => {
    const res = await postDelivery(app, TYPEFORM_DOCS_EXAMPLE);
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { status_code: 400, data: null, message: 'client_id is required', message_code: 'CLIENT_ID_REQUIRED' });
  });

  const cases: [string, (d: ReturnType<typeof buyerDelivery>) => unknown, number, string, string][] = [
    ['event_type missing', (d) => ({ ...d, event_type: undefined }), 400, 'event_type must be "form_response"', 'INVALID_EVENT_TYPE'],
    ['a partial response', (d) => ({ ...d, event_type: 'form_response_partial' }), 400, 'event_type must be "form_response"', 'INVALID_EVENT_TYPE'],
    ['no form_response', (d) => ({ event_id: d.event_id, event_type: 'form_response' }), 400, 'client_id is required', 'CLIENT_ID_REQUIRED'],
    ['client_id missing', (d) => withHidden(d, { client_id: undefined }), 400, 'client_id is required', 'CLIENT_ID_REQUIRED'],
    ['client_id not a UUID', (d) => withHidden(d, { client_id: 'acme-homes' }), 400, 'client_id is required', 'CLIENT_ID_REQUIRED'],
    ['client_id of nobody', (d) => withHidden(d, { client_id: randomUUID() }), 404, 'Client not found', 'CLIENT_NOT_FOUND'],
    ['no consent IP', (d) => withHidden(d, { consent_ip: undefined }), 400, 'Missing required data: consent_ip', 'MISSING_REQUIRED_DATA'],
    ['consent refused', (d) => withAnswers(d, (a) => (a.type === 'boolean' ? { ...a, boolean: false } : a)), 400, 'Missing required data: consent_date', 'MISSING_REQUIRED_DATA'],
    [
      'no answers at all (uncompleted form)',
      (d) => ({ ...d, form_response: { ...d.form_response, answers: null } }),
      400,
      'Missing required data: first_name, last_name, email, phone',
      'MISSING_REQUIRED_DATA',
    ],
  ];
  for (const [name, change, status, message, code] of cases) {
    test(`${name} → ${status} ${message}`, async () => {
      const t = await tenant();
      const res = await postDelivery(app, change(buyerDelivery(t.companyId)));
      assert.equal(res.statusCode, status, res.body);
      assert.deepEqual(res.json(), { status_code: status, data: null, message, message_code: code });
      assert.equal((await submissionJobs(t.companyId)).length, 0);
    });
  }

  test('a body that is not JSON gets the envelope too', async () => {
    const res = await postDelivery(app, null, { raw: '{"event_type": "form_response",' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { status_code: 400, data: null, message: 'The request body is not valid JSON', message_code: 'INVALID_REQUEST' });
  });

  test('the docs example with a client id names exactly the required data it lacks', async () => {
    const t = await tenant();
    const d = clone(TYPEFORM_DOCS_EXAMPLE) as { form_response: { hidden: Record<string, string> } };
    d.form_response.hidden.client_id = t.companyId;
    const res = await postDelivery(app, d);
    assert.equal(res.statusCode, 400);
    // The email comes from the email answer; consent is dated by the submission (its legal answer is true).
    assert.equal(res.json().message, 'Missing required data: first_name, last_name, phone, consent_ip');
  });

  test('the docs example completed with hidden fields is accepted, processed, and readable via GET', async () => {
    const t = await tenant();
    const d = clone(TYPEFORM_DOCS_EXAMPLE) as { form_response: { hidden: Record<string, string> } };
    Object.assign(d.form_response.hidden, { client_id: t.companyId, first_name: 'Laura', last_name: 'Palmer', phone_number: '+44 7911 123456', consent_ip: '81.2.69.142' });
    const res = await postDelivery(app, d);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), OK);
    await drain(worker);
    const got = await t.request('GET', `/api/v1/leadscoring?client_id=${t.companyId}&email=laura@example.com`);
    assert.equal(got.statusCode, 200, got.body);
    assert.equal(got.json().data.email, 'laura@example.com');
  });

  test("the contract's own example request is accepted", async () => {
    const t = await tenant();
    const res = await postDelivery(app, {
      event_type: 'form_response',
      form_response: {
        answers: [
          { field: { id: 'name', type: 'short_text' }, type: 'text', text: 'John Doe' },
          { field: { id: 'email', type: 'email' }, type: 'email', email: 'john.doe@example.com' },
        ],
        hidden: {
          client_id: t.companyId, utm_source: 'facebook', utm_campaign: 'summer_sale', first_name: 'John', last_name: 'Doe',
          email: 'john.doe@example.com', phone_number: '+1234567890', consent_ip: '192.168.1.1',
        },
        submitted_at: '2024-01-15T10:30:00Z',
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await submissionJobs(t.companyId)).length, 1);
  });
});

describe('Typeform-Signature', () => {
  const secret = 'tf_whsec_9f8e7d6c5b4a';

  async function signedClient() {
    const t = await tenant();
    const put = await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { typeform_secret: secret });
    assert.equal(put.statusCode, 200, put.body);
    return t;
  }

  test('a delivery signed over its raw bytes with the secret is accepted', async () => {
    const t = await signedClient();
    // Odd spacing on purpose: the signature is over these bytes, not over re-serialised JSON.
    const raw = JSON.stringify(buyerDelivery(t.companyId), null, 3);
    const res = await postDelivery(app, null, { raw, secret });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('missing → 401; wrong secret, tampered body, or hex instead of base64 → 401', async () => {
    const t = await signedClient();
    const raw = JSON.stringify(buyerDelivery(t.companyId));
    const missing = await postDelivery(app, null, { raw });
    assert.equal(missing.statusCode, 401);
    assert.deepEqual(missing.json(), { status_code: 401, data: null, message: 'Typeform-Signature header is required', message_code: 'SIGNATURE_REQUIRED' });
    const { createHmac } = await import('node:crypto');
    const wrong = [
      `sha256=${createHmac('sha256', 'other').update(raw).digest('base64')}`,
      `sha256=${createHmac('sha256', secret).update(raw.replace('Sarah', 'Sally')).digest('base64')}`,
      `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
      createHmac('sha256', secret).update(raw).digest('base64'),
    ];
    for (const signature of wrong) {
      const res = await postDelivery(app, null, { raw, signature });
      assert.equal(res.statusCode, 401, signature);
      assert.equal(res.json().message, 'Invalid Typeform-Signature');
    }
    assert.equal((await submissionJobs(t.companyId)).length, 0);
  });

  test('a client without a secret does not need a signature', async () => {
    const t = await tenant();
    assert.equal((await postDelivery(app, buyerDelivery(t.companyId))).statusCode, 200);
  });
});

describe('a client and address pair that keeps failing is refused for the rest of the minute', () => {
  test('after the limit of failures: 429 in the envelope with Retry-After, nothing queued; successes never count', async () => {
    const limited = await startTestApp({ PUBLIC_WEBHOOK_FAILURES_PER_MINUTE: '3' });
    const t = await limited.tenant();
    const put = await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { typeform_secret: 'tf-secret' });
    assert.equal(put.statusCode, 200, put.body);
    const guesser = '203.0.113.7';
    for (let i = 0; i < 5; i++) {
      const ok = await postDelivery(limited.app, buyerDelivery(t.companyId), { from: guesser, secret: 'tf-secret' });
      assert.equal(ok.statusCode, 200, 'deliveries that succeed are never throttled');
    }
    for (let i = 0; i < 3; i++) {
      const res = await postDelivery(limited.app, buyerDelivery(t.companyId), { from: guesser, secret: 'a guess' });
      assert.equal(res.statusCode, 401, 'a bad signature is a failure');
    }
    const refused = await postDelivery(limited.app, buyerDelivery(t.companyId), { from: guesser, secret: 'tf-secret' });
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().message_code, 'RATE_LIMITED');
    assert.equal(refused.json().data, null);
    const wait = Number(refused.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    const queued = await limited.database.db.select().from(jobs).where(and(eq(jobs.kind, PROCESS_SUBMISSION), eq(jobs.companyId, t.companyId)));
    assert.equal(queued.length, 5, 'the refused delivery was not queued');
    const other = await postDelivery(limited.app, buyerDelivery(t.companyId), { from: '198.51.100.20', secret: 'tf-secret' });
    assert.equal(other.statusCode, 200, 'another address is not affected');
  });

  test("one client's failures never refuse another client's deliveries from the same address (a shared balancer)", async () => {
    const limited = await startTestApp({ PUBLIC_WEBHOOK_FAILURES_PER_MINUTE: '3' });
    const victim = await limited.tenant();
    const balancer = '10.0.0.1';
    for (let i = 0; i < 5; i++) assert.equal((await postDelivery(limited.app, buyerDelivery(randomUUID()), { from: balancer })).statusCode, 404);
    for (let i = 0; i < 3; i++) assert.equal((await postDelivery(limited.app, { event_type: 'junk' }, { from: balancer })).statusCode, 400);
    assert.equal((await postDelivery(limited.app, { event_type: 'junk' }, { from: balancer })).statusCode, 429, 'junk naming no client is refused');
    const unknown = randomUUID();
    for (let i = 0; i < 3; i++) await postDelivery(limited.app, buyerDelivery(unknown), { from: balancer });
    assert.equal((await postDelivery(limited.app, buyerDelivery(unknown), { from: balancer })).statusCode, 429, 'the failing pair is refused');
    const res = await postDelivery(limited.app, buyerDelivery(victim.companyId), { from: balancer });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('X-Forwarded-For names the caller only behind as many proxies as TRUST_PROXY_HOPS says', async () => {
    const unknownClient = randomUUID();
    const guess = (app: typeof limitedApp, forwardedFor: string) =>
      app.inject({
        method: 'POST', url: '/api/v1/leadscoring/webhook', remoteAddress: '10.0.0.2',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        payload: buyerDelivery(unknownClient),
      });
    // Behind one proxy: two callers behind the same balancer are told apart.
    const { app: limitedApp } = await startTestApp({ PUBLIC_WEBHOOK_FAILURES_PER_MINUTE: '2', TRUST_PROXY_HOPS: '1' });
    for (let i = 0; i < 2; i++) assert.equal((await guess(limitedApp, '203.0.113.9')).statusCode, 404);
    assert.equal((await guess(limitedApp, '203.0.113.9')).statusCode, 429);
    assert.equal((await guess(limitedApp, '198.51.100.4')).statusCode, 404, 'a different caller behind the proxy');
    // Trusting no proxy: a made-up X-Forwarded-For does not get a caller out of its limit.
    const { app: direct } = await startTestApp({ PUBLIC_WEBHOOK_FAILURES_PER_MINUTE: '2' });
    for (let i = 0; i < 2; i++) assert.equal((await guess(direct, `192.0.2.${i}`)).statusCode, 404);
    assert.equal((await guess(direct, '192.0.2.99')).statusCode, 429);
  });
});

describe('replays and durability', () => {
  test('the same delivery (same token) is accepted once and ignored after', async () => {
    const t = await tenant();
    const d = buyerDelivery(t.companyId);
    for (let i = 0; i < 3; i++) assert.deepEqual((await postDelivery(app, d)).json(), OK);
    // Typeform retrying with a new event id for the same response is still the same response.
    assert.deepEqual((await postDelivery(app, { ...d, event_id: 'another' })).json(), OK);
    assert.equal((await submissionJobs(t.companyId)).length, 1);
  });

  test('the job becomes a Typeform lead: merged by email, source Typeform, UTM and fbc/fbp kept, scored_by typeform', async () => {
    const t = await tenant();
    const email = 'merge.me@example.co.uk';
    const existing = await t.request('POST', '/api/v1/leads', { full_name: 'Sarah Collins', email, notes: 'Called the sales office', attributes: { crm_id: 'C-9' } });
    assert.equal(existing.statusCode, 201);
    assert.equal((await postDelivery(app, buyerDelivery(t.companyId, { email }))).statusCode, 200);
    await drain(worker);
    const rows = await database.db.select().from(leads).where(eq(leads.companyId, t.companyId));
    assert.equal(rows.length, 1, 'merged, not duplicated');
    const lead = rows[0]!;
    assert.equal(lead.id, existing.json().id);
    assert.equal(lead.source, 'Typeform');
    assert.equal(lead.paymentMethod, 'Cash');
    assert.equal(lead.timeline, 'Within 28 days');
    assert.equal(lead.bedrooms, 2);
    assert.equal(lead.notes, 'Called the sales office', 'kept: the form did not ask');
    assert.deepEqual(lead.utm, { utm_source: 'facebook', utm_medium: 'paid_social', utm_campaign: 'riverside_launch', utm_content: 'carousel_2' });
    const attributes = lead.attributes as Record<string, unknown>;
    assert.equal(attributes.crm_id, 'C-9');
    assert.equal(attributes.fbc, 'fb.1.1700000000000.IwAR2abcDEF');
    assert.equal(attributes.fbp, 'fb.1.1700000000000.1234567890');
    assert.equal(attributes.consent_ip, '81.2.69.142');
    assert.deepEqual(attributes.which_features_matter_most, ['Balcony', 'Parking', 'Gym']);
    assert.equal(attributes.preferred_viewing_date, '2026-12-05');
    const history = await database.db.select().from(leadScores).where(eq(leadScores.leadId, lead.id));
    assert.ok(history.some((h) => h.scoredBy === 'typeform'));
  });

  test('a crash between the 200 and the processing loses nothing: a worker started later runs the job', async () => {
    const { createTestDatabase } = await import('./helpers/database.ts');
    const { buildApp } = await import('../src/app.ts');
    const { createCompany } = await import('../src/companies/service.ts');
    const { createApiKey } = await import('../src/keys/service.ts');
    const db2 = await createTestDatabase();
    try {
      const company = await createCompany(db2.db, 'Crashy Homes');
      const first = await buildApp({ config, database: db2, logger: false });
      const d = buyerDelivery(company.id, { email: 'survivor@example.co.uk' });
      assert.deepEqual((await postDelivery(first, d)).json(), OK);
      await first.close(); // the process "dies" here, no worker ever ran

      const [job] = await db2.db.select().from(jobs).where(eq(jobs.kind, PROCESS_SUBMISSION));
      assert.equal(job?.status, 'pending');
      await drain(createLeadScoringWorker({ config, database: db2 }));

      const second = await buildApp({ config, database: db2, logger: false });
      const key = await createApiKey(db2.db, { companyId: company.id, name: 'k', permissions: ['score_single'] });
      const res = await second.inject({
        method: 'GET',
        url: `/api/v1/leadscoring?client_id=${company.id}&email=SURVIVOR@example.co.uk`,
        headers: { authorization: `Bearer ${key.key}` },
      });
      await second.close();
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().data.email, 'survivor@example.co.uk');
    } finally {
      await db2.drop();
    }
  });
});

function withHidden(d: ReturnType<typeof buyerDelivery>, change: Record<string, unknown>) {
  const copy = clone(d);
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete (copy.form_response.hidden as Record<string, unknown>)[k];
    else (copy.form_response.hidden as Record<string, unknown>)[k] = v;
  }
  return copy;
}

function withAnswers(d: ReturnType<typeof buyerDelivery>, change: (a: Record<string, unknown>) => unknown) {
  const copy = clone(d);
  copy.form_response.answers = copy.form_response.answers.map((a) => change(a as Record<string, unknown>)) as typeof copy.form_response.answers;
  return copy;
}
