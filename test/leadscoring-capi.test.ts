import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { capiSends, jobs } from '../src/db/schema/index.ts';
import { SEND_CAPI_EVENT } from '../src/leadscoring/jobs.ts';
import { createLeadScoringWorker } from '../src/leadscoring/worker.ts';
import { startTestApp, type TestTenant } from './helpers/app.ts';
import { startFakeServer, type SeenRequest } from './helpers/fake-http.ts';
import { buyerDelivery, drain, postDelivery } from './helpers/typeform.ts';

const graph = await startFakeServer();
const { app, tenant, database, config } = await startTestApp({ META_GRAPH_API_BASE_URL: graph.url, META_GRAPH_API_VERSION: 'v21.0' });
const fastRetry = { maxAttempts: 6, baseMs: 1, factor: 1, maxDelayMs: 5 };
const worker = createLeadScoringWorker({ config, database }, { capiRetry: fastRetry });
const received = { events_received: 1, messages: [], fbtrace_id: 'AbCdEf123' };
graph.reply(() => ({ body: received }));

// Meta's documented examples (customer-information-parameters): the same inputs must give these.
const META = {
  email: 'John_Smith@gmail.com',
  emailHash: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
  phone: '+1 (650) 555-1212',
  phoneHash: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
  firstName: 'Mary',
  firstNameHash: '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec',
};

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const PIXEL = '987654321012345';
const TOKEN = 'EAAGm0PX4ZCpsBA-test-token';

async function configured(overrides: Record<string, unknown> = {}) {
  const t = await tenant();
  const res = await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, {
    pixel_id: PIXEL, access_token: TOKEN, event_name: 'Lead', event_source_url: 'https://riverside.example/register',
    action_source: 'website', fb_capi_fin: 0.01, fb_capi_show: 0.01, ...overrides,
  });
  assert.equal(res.statusCode, 200, res.body);
  return t;
}

/** Meta's example person as a Typeform submission. */
function metaExampleDelivery(t: TestTenant, pixelEventId: string) {
  const d = buyerDelivery(t.companyId, { email: META.email, hidden: { event_id: pixelEventId } });
  const answers = d.form_response.answers as Record<string, unknown>[];
  answers[0] = { ...answers[0], text: META.firstName };
  answers[3] = { ...answers[3], phone_number: META.phone };
  return d;
}

const eventsFor = (pixel: string) => graph.requests.filter((r) => r.url === `/v21.0/${pixel}/events`);
const sendsOf = (companyId: string) => database.db.select().from(capiSends).where(eq(capiSends.companyId, companyId));

describe('Meta Conversions API', () => {
  test('fired after processing when p_fin and p_show beat the thresholds: the payload Meta documents, hashed, no plain PII', async () => {
    const t = await configured();
    const before = Math.floor(Date.now() / 1000);
    graph.requests.length = 0;
    assert.equal((await postDelivery(app, metaExampleDelivery(t, 'pix-evt-42'))).statusCode, 200);
    await drain(worker);
    const [req] = eventsFor(PIXEL) as [SeenRequest];
    assert.ok(req, 'the Graph API was called');
    assert.equal(req.method, 'POST');
    assert.match(String(req.headers['content-type']), /application\/json/);
    const body = req.json as { access_token: string; data: Record<string, unknown>[] };
    assert.equal(body.access_token, TOKEN);
    assert.equal(body.data.length, 1);
    const event = body.data[0]!;
    assert.equal(event.event_name, 'Lead');
    assert.equal(event.event_id, 'mqlpix-evt-42');
    assert.equal(event.action_source, 'website');
    assert.equal(event.event_source_url, 'https://riverside.example/register');
    assert.ok(Number.isInteger(event.event_time) && (event.event_time as number) >= before && (event.event_time as number) <= Date.now() / 1000 + 1, 'unix seconds');
    assert.deepEqual(event.user_data, {
      em: [META.emailHash],
      ph: [META.phoneHash],
      fn: [META.firstNameHash],
      ln: [sha('collins')],
      fbc: 'fb.1.1700000000000.IwAR2abcDEF',
      fbp: 'fb.1.1700000000000.1234567890',
      client_ip_address: '81.2.69.142',
    });
    for (const plain of ['john_smith', 'John_Smith', 'gmail.com', '6505551212', '650) 555', 'Mary', 'Collins', 'collins']) {
      assert.ok(!req.body.includes(plain), `no plain "${plain}" in what Meta receives`);
    }
    const [send] = await sendsOf(t.companyId);
    assert.equal(send?.outcome, 'sent');
    assert.equal(send?.trigger, 'auto');
    assert.equal(send?.httpStatus, 200);
    assert.equal(send?.eventsReceived, 1);
    assert.equal(send?.fbtraceId, 'AbCdEf123');
    assert.ok(!JSON.stringify(send).includes(TOKEN), 'the token is never recorded');
  });

  test('not fired automatically below the thresholds; on demand it answers "failed"', async () => {
    const t = await configured({ fb_capi_fin: 0.999, fb_capi_show: 0.999 });
    graph.requests.length = 0;
    const d = buyerDelivery(t.companyId, { email: 'below@example.com' });
    await postDelivery(app, d);
    await drain(worker);
    assert.equal(graph.requests.length, 0);
    const fire = await t.request('POST', `/api/v1/leadscoring/fire-capi-event/${t.companyId}/below@example.com`);
    assert.deepEqual(fire.json(), { status_code: 200, data: 'failed', message: null });
  });

  test('on demand "failed" without a pixel or token, "success" with them, then sent with trigger manual', async () => {
    const t = await tenant();
    await postDelivery(app, buyerDelivery(t.companyId, { email: 'manual@example.com' }));
    await drain(worker);
    const url = `/api/v1/leadscoring/fire-capi-event/${t.companyId}/MANUAL@example.com`;
    await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { fb_capi_fin: 0, fb_capi_show: 0 });
    assert.equal((await t.request('POST', url)).json().data, 'failed', 'no pixel configured');
    await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { pixel_id: '111222333', access_token: TOKEN });
    assert.deepEqual((await t.request('POST', url)).json(), { status_code: 200, data: 'success', message: null });
    await drain(worker);
    assert.equal(eventsFor('111222333').length, 1);
    assert.deepEqual((await sendsOf(t.companyId)).map((s) => [s.trigger, s.outcome]), [['manual', 'sent']]);
  });

  test('404 Client data not found without a result; 404 Client not found for another client', async () => {
    const t = await configured();
    const none = await t.request('POST', `/api/v1/leadscoring/fire-capi-event/${t.companyId}/nobody@example.com`);
    assert.equal(none.statusCode, 404);
    assert.deepEqual(none.json(), { status_code: 404, data: null, message: 'Client data not found', message_code: 'CLIENT_DATA_NOT_FOUND' });
    const other = await tenant();
    for (const clientId of [other.companyId, randomUUID()]) {
      const res = await t.request('POST', `/api/v1/leadscoring/fire-capi-event/${clientId}/nobody@example.com`);
      assert.deepEqual(res.json(), { status_code: 404, data: null, message: 'Client not found', message_code: 'CLIENT_NOT_FOUND' });
    }
  });

  test('a 5xx and a throttling code are retried until Meta accepts; every attempt is recorded', async () => {
    const t = await configured({ pixel_id: '5550001' });
    graph.reply((req, n) => {
      const mine = eventsFor('5550001').length;
      if (!req.url.includes('5550001')) return { body: received };
      if (mine === 1) return { status: 503, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, fbtrace_id: 'T1' } } };
      if (mine === 2) return { status: 400, body: { error: { message: 'User request limit reached', type: 'OAuthException', code: 17, fbtrace_id: 'T2' } } };
      return { body: { ...received, n } };
    });
    try {
      await postDelivery(app, buyerDelivery(t.companyId, { email: 'retry@example.com' }));
      await drain(worker);
      const sends = (await sendsOf(t.companyId)).sort((a, b) => a.attempt - b.attempt);
      assert.deepEqual(sends.map((s) => [s.attempt, s.outcome, s.httpStatus, s.errorCode]), [
        [1, 'retrying', 503, 2], [2, 'retrying', 400, 17], [3, 'sent', 200, null],
      ]);
      const [job] = await database.db.select().from(jobs).where(and(eq(jobs.kind, SEND_CAPI_EVENT), eq(jobs.companyId, t.companyId)));
      assert.equal(job?.status, 'succeeded');
    } finally {
      graph.reply(() => ({ body: received }));
    }
  });

  test('any other 4xx (a bad token) is final: one attempt, recorded as failed', async () => {
    const t = await configured({ pixel_id: '5550002' });
    graph.reply((req) =>
      req.url.includes('5550002')
        ? { status: 400, body: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190, fbtrace_id: 'T3' } } }
        : { body: received },
    );
    try {
      await postDelivery(app, buyerDelivery(t.companyId, { email: 'badtoken@example.com' }));
      await drain(worker);
      const sends = await sendsOf(t.companyId);
      assert.deepEqual(sends.map((s) => [s.outcome, s.httpStatus, s.errorCode, s.error]), [['failed', 400, 190, 'Invalid OAuth access token.']]);
      const [job] = await database.db.select().from(jobs).where(and(eq(jobs.kind, SEND_CAPI_EVENT), eq(jobs.companyId, t.companyId)));
      assert.equal(job?.status, 'failed');
    } finally {
      graph.reply(() => ({ body: received }));
    }
  });

  test('a delivery processed twice (a replayed job) fires its automatic event once', async () => {
    const t = await configured({ pixel_id: '5550003' });
    const d = buyerDelivery(t.companyId, { email: 'once@example.com' });
    await postDelivery(app, d);
    await drain(worker);
    // Run the same submission again as if a worker had died after finishing but before recording it.
    const { processSubmission } = await import('../src/leadscoring/process.ts');
    const { createProviders } = await import('../src/leadscoring/providers/index.ts');
    const { systemContext } = await import('../src/context/context.ts');
    await processSubmission(systemContext(database.db, t.companyId, 'leadscoring'), createProviders(config), { delivery: d, received_at: new Date().toISOString() });
    await drain(worker);
    assert.equal(eventsFor('5550003').length, 1);
  });
});
