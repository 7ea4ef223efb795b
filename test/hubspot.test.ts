import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { hubspotSettings, jobs } from '../src/db/schema/index.ts';
import { existingContactId } from '../src/integrations/hubspot/client.ts';
import { leadInput, startTestApp, type TestTenant } from './helpers/app.ts';
import { REPLIES, startFakeHubspot } from './helpers/fake-hubspot.ts';
import { sleep, waitUntil } from './helpers/receiver.ts';
import { FAST_WEBHOOKS, startOutboundWorker } from './helpers/workers.ts';

const hubspot = await startFakeHubspot();
// A roomy time-out: a spurious one on a busy machine would add an attempt the tests count.
const testApp = await startTestApp({ ...FAST_WEBHOOKS, WEBHOOK_TIMEOUT_MS: '5000', WEBHOOK_JOB_LEASE_MS: '10000', HUBSPOT_API_BASE_URL: hubspot.url });
const { tenant, database } = testApp;
startOutboundWorker(testApp);

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

async function hubspotTenant(): Promise<TestTenant> {
  const t = await tenant();
  const res = await t.request('PUT', '/api/v1/integrations/hubspot', { enabled: true, access_token: TOKEN });
  assert.equal(res.statusCode, 200, res.body);
  return t;
}

const pushJob = async (companyId: string) =>
  (await database.db.select().from(jobs).where(and(eq(jobs.kind, 'hubspot.push'), eq(jobs.companyId, companyId))))[0];

describe('HubSpot settings', () => {
  test('the token is write-only: never returned, stored encrypted; GET says only whether it is set', async () => {
    const t = await tenant(['settings_manage']);
    assert.deepEqual((await t.request('GET', '/api/v1/integrations/hubspot')).json(), { enabled: false, access_token_set: false, updated_at: null });
    const put = await t.request('PUT', '/api/v1/integrations/hubspot', { enabled: true, access_token: TOKEN });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().enabled, true);
    assert.equal(put.json().access_token_set, true);
    const get = await t.request('GET', '/api/v1/integrations/hubspot');
    for (const body of [put.body, get.body]) assert.ok(!body.includes(TOKEN) && !body.includes('access_token"'), body);
    const [row] = await database.db.select().from(hubspotSettings).where(eq(hubspotSettings.companyId, t.companyId));
    assert.ok(row!.accessTokenCiphertext && !row!.accessTokenCiphertext.includes(TOKEN), 'encrypted at rest');
    // Disabling keeps the token; null removes it.
    assert.deepEqual(
      [(await t.request('PUT', '/api/v1/integrations/hubspot', { enabled: false })).json().access_token_set,
        (await t.request('PUT', '/api/v1/integrations/hubspot', { enabled: false, access_token: null })).json().access_token_set],
      [true, false],
    );
  });

  test('enabling needs a token; unknown fields are refused; settings_manage is required', async () => {
    const t = await tenant(['settings_manage']);
    const res = await t.request('PUT', '/api/v1/integrations/hubspot', { enabled: true });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].field, 'access_token');
    assert.equal((await t.request('PUT', '/api/v1/integrations/hubspot', { enabled: false, portal: 1 })).statusCode, 400);
    const other = await tenant(['leads_write', 'webhooks_manage']);
    assert.equal((await other.request('GET', '/api/v1/integrations/hubspot')).statusCode, 403);
  });
});

describe('HubSpot push of inbound leads', () => {
  const inbound = (t: TestTenant, overrides: Record<string, unknown> = {}) =>
    t.request('POST', '/api/v1/webhook/lead-created', leadInput(overrides));

  test('a new contact is created with name, phone and scores, with the bearer token', async () => {
    const t = await hubspotTenant();
    const res = await inbound(t, { email: 'new.contact@example.com', full_name: 'Amelia Rose Hart' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().hubspot_push_queued, true);
    const [req] = await waitUntil(() => (hubspot.forEmail('new.contact@example.com').length ? hubspot.forEmail('new.contact@example.com') : undefined));
    assert.equal(req!.method, 'POST');
    assert.equal(req!.path, '/crm/v3/objects/contacts');
    assert.equal(req!.authorization, `Bearer ${TOKEN}`);
    const p = req!.body.properties;
    assert.equal(p.firstname, 'Amelia');
    assert.equal(p.lastname, 'Rose Hart');
    assert.equal(p.phone, '+44 7911 123456');
    assert.equal(p.naybourhood_buyer_id, res.json().buyer_id);
    assert.equal(p.naybourhood_quality_score, String(res.json().scoring.quality_score));
    assert.equal(p.naybourhood_classification, res.json().scoring.classification);
    await waitUntil(async () => ((await pushJob(t.companyId))?.status === 'succeeded' ? true : undefined));
  });

  for (const [variant, reply] of [
    ['classic', REPLIES.conflictClassic('2926551')],
    ['newer', REPLIES.conflictNewer('2926551', 'exists@example.com')],
  ] as const) {
    test(`a 409 "Existing ID" (${variant} body) updates that contact`, async () => {
      const t = await hubspotTenant();
      const email = `exists+${variant}@example.com`;
      hubspot.script(email, [reply]);
      await inbound(t, { email });
      const reqs = await waitUntil(() => (hubspot.forEmail(email).length >= 2 ? hubspot.forEmail(email) : undefined));
      assert.deepEqual(reqs.map((r) => `${r.method} ${r.path}`), ['POST /crm/v3/objects/contacts', 'PATCH /crm/v3/objects/contacts/2926551']);
      assert.equal(reqs[1]!.body.properties.email, email);
      await waitUntil(async () => ((await pushJob(t.companyId))?.status === 'succeeded' ? true : undefined));
    });
  }

  test('429 is retried after its Retry-After', async () => {
    const t = await hubspotTenant();
    const email = 'throttled@example.com';
    hubspot.script(email, [REPLIES.rateLimited(1)]);
    await inbound(t, { email });
    const reqs = await waitUntil(() => (hubspot.forEmail(email).length >= 2 ? hubspot.forEmail(email) : undefined), 5000);
    assert.ok(reqs[1]!.at - reqs[0]!.at >= 900, `waited ${reqs[1]!.at - reqs[0]!.at} ms`);
    await waitUntil(async () => ((await pushJob(t.companyId))?.status === 'succeeded' ? true : undefined));
  });

  test('5xx is retried', async () => {
    const t = await hubspotTenant();
    const email = 'flaky@example.com';
    hubspot.script(email, [REPLIES.serverError(), REPLIES.serverError()]);
    await inbound(t, { email });
    await waitUntil(() => (hubspot.forEmail(email).length >= 3 ? true : undefined));
    const job = await waitUntil(async () => {
      const j = await pushJob(t.companyId);
      return j?.status === 'succeeded' ? j : undefined;
    });
    assert.equal(job.attempts, 3);
  });

  test('any other 4xx is never retried', async () => {
    const t = await hubspotTenant();
    const email = 'rejected@example.com';
    hubspot.script(email, [REPLIES.badRequest(), REPLIES.badRequest()]);
    await inbound(t, { email });
    const job = await waitUntil(async () => {
      const j = await pushJob(t.companyId);
      return j?.status === 'failed' ? j : undefined;
    });
    await sleep(200);
    assert.equal(hubspot.forEmail(email).length, 1);
    assert.equal(job.attempts, 1);
    assert.match(job.lastError!, /HubSpot POST answered 400/);
    assert.ok(!job.lastError!.includes(TOKEN));
  });

  test('a portal without the naybourhood_* properties still gets the contact, with standard properties', async () => {
    const t = await hubspotTenant();
    const email = 'plain.portal@example.com';
    hubspot.script(email, [REPLIES.unknownProperty()]);
    await inbound(t, { email });
    const reqs = await waitUntil(() => (hubspot.forEmail(email).length >= 2 ? hubspot.forEmail(email) : undefined));
    assert.deepEqual(Object.keys(reqs[1]!.body.properties).sort(), ['email', 'firstname', 'lastname', 'phone']);
  });

  test('no push when HubSpot is off, or for a lead without email', async () => {
    const off = await tenant();
    assert.equal((await inbound(off)).json().hubspot_push_queued, false);
    const on = await hubspotTenant();
    const res = await on.request('POST', '/api/v1/webhook/lead-created', { full_name: 'Phone Only', phone: '+44 7911 123456' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().hubspot_push_queued, false);
    assert.equal(await pushJob(off.companyId), undefined);
    assert.equal(await pushJob(on.companyId), undefined);
  });
});

test('existingContactId reads both 409 bodies and nothing else', () => {
  const cases: [unknown, string | null][] = [
    [REPLIES.conflictClassic('2926551').body, '2926551'],
    [REPLIES.conflictNewer('77', 'a@b.c').body, '77'],
    ['Contact already exists. Existing ID:   42', '42'],
    [{ status: 'error', message: 'Conflict' }, null],
    ['', null],
  ];
  for (const [body, id] of cases) assert.equal(existingContactId(body), id);
});
