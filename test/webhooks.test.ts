import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { jobs, webhookSubscriptions } from '../src/db/schema/index.ts';
import { leadInput, startTestApp, type TestTenant } from './helpers/app.ts';
import { sleep, startReceiver, verifySignature, waitUntil, type Endpoint } from './helpers/receiver.ts';
import { FAST_WEBHOOKS, startOutboundWorker } from './helpers/workers.ts';

const testApp = await startTestApp(FAST_WEBHOOKS);
const { tenant, database } = testApp;
startOutboundWorker(testApp);
const receiver = await startReceiver();

async function subscribe(t: TestTenant, ep: Endpoint, events = ['lead.created']) {
  const res = await t.request('POST', '/api/v1/webhooks', { url: ep.url, events });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; secret: string };
}

const createLead = async (t: TestTenant, overrides = {}) => {
  const res = await t.request('POST', '/api/v1/leads', leadInput(overrides));
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string };
};

const deliveries = async (t: TestTenant, id: string, query = '') => {
  const res = await t.request('GET', `/api/v1/webhooks/${id}/deliveries${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { data: Record<string, any>[]; pagination: { nextCursor: string | null; hasMore: boolean } };
};

describe('subscriptions API', () => {
  test('create shows the whsec_ secret once; lists and reads never show it', async () => {
    const t = await tenant(['webhooks_manage']);
    const ep = receiver.endpoint();
    const res = await t.request('POST', '/api/v1/webhooks', { url: ep.url, events: ['lead.created', 'lead.scored'], description: 'CRM' });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json();
    assert.match(created.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.status, 'active');
    assert.deepEqual(created.events, ['lead.created', 'lead.scored']);
    const list = await t.request('GET', '/api/v1/webhooks');
    assert.equal(list.json().data.length, 1);
    assert.equal(list.json().data[0].id, created.id);
    const one = await t.request('GET', `/api/v1/webhooks/${created.id}`);
    for (const body of [list.body, one.body]) {
      assert.ok(!body.includes(created.secret), 'secret never read back');
      assert.ok(!body.includes('"secret"'));
    }
    const [row] = await database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, created.id));
    assert.ok(!row!.secretCiphertext.includes(created.secret), 'stored encrypted');
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['unknown event', { url: 'https://example.com/h', events: ['lead.deleted'] }, 'events.0'],
    ['no events', { url: 'https://example.com/h', events: [] }, 'events'],
    ['repeated event', { url: 'https://example.com/h', events: ['lead.created', 'lead.created'] }, 'events'],
    ['missing url', { events: ['lead.created'] }, 'url'],
    ['not a URL', { url: 'not a url', events: ['lead.created'] }, 'url'],
    ['ftp URL', { url: 'ftp://example.com/h', events: ['lead.created'] }, 'url'],
    ['read-only secret', { url: 'https://example.com/h', events: ['lead.created'], secret: 'whsec_mine' }, 'secret'],
  ];
  for (const [name, body, field] of invalid) {
    test(`400 for ${name}, naming ${field}`, async () => {
      const t = await tenant();
      const res = await t.request('POST', '/api/v1/webhooks', body);
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(res.json().error.details.some((d: { field: string }) => d.field === field), res.body);
    });
  }

  test('needs webhooks_manage', async () => {
    const t = await tenant(['leads_read', 'leads_write']);
    assert.equal((await t.request('GET', '/api/v1/webhooks')).statusCode, 403);
    assert.equal((await t.request('POST', '/api/v1/webhooks', { url: 'https://example.com', events: ['lead.created'] })).statusCode, 403);
  });

  test("another company's subscription is a 404 everywhere and never listed", async () => {
    const owner = await tenant();
    const other = await tenant();
    const { id } = await subscribe(owner, receiver.endpoint());
    for (const [method, url, body] of [
      ['GET', `/api/v1/webhooks/${id}`],
      ['PATCH', `/api/v1/webhooks/${id}`, { status: 'disabled' }],
      ['DELETE', `/api/v1/webhooks/${id}`],
      ['GET', `/api/v1/webhooks/${id}/deliveries`],
      ['POST', `/api/v1/webhooks/${id}/test`],
    ] as const) {
      const res = await other.request(method, url, body);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
      assert.equal(res.json().error.code, 'NOT_FOUND');
    }
    assert.deepEqual((await other.request('GET', '/api/v1/webhooks')).json().data, []);
    assert.equal((await owner.request('GET', `/api/v1/webhooks/${id}`)).statusCode, 200, 'untouched');
  });

  test('delete answers the documented message; the subscription is gone', async () => {
    const t = await tenant();
    const { id } = await subscribe(t, receiver.endpoint());
    const res = await t.request('DELETE', `/api/v1/webhooks/${id}`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { message: 'Webhook deleted' });
    assert.equal((await t.request('GET', `/api/v1/webhooks/${id}`)).statusCode, 404);
    assert.equal((await t.request('DELETE', `/api/v1/webhooks/${id}`)).statusCode, 404);
  });
});

describe('deliveries to a real receiver', () => {
  test('signed exactly as documented: the documented receiver verifier accepts it, headers and body as specified', async () => {
    const t = await tenant();
    const ep = receiver.endpoint();
    const { secret } = await subscribe(t, ep);
    const lead = await createLead(t);
    const [got] = await ep.waitFor(1);
    const h = got!.headers;
    assert.equal(h['content-type'], 'application/json');
    assert.match(String(h['user-agent']), /^Naybourhood-Webhooks\//);
    assert.equal(verifySignature(got!.body, String(h['x-signature']), secret), true);
    assert.equal(h['x-webhook-signature'], `sha256=${h['x-signature']}`);
    assert.equal(verifySignature(got!.body, String(h['x-signature']), `${secret}x`), false);
    const body = JSON.parse(got!.body);
    assert.deepEqual(Object.keys(body), ['id', 'type', 'created_at', 'data']);
    assert.equal(body.type, 'lead.created');
    assert.equal(h['x-webhook-event'], 'lead.created');
    assert.equal(h['x-webhook-id'], body.id);
    assert.equal(body.data.lead.id, lead.id);
    assert.ok(Math.abs(Number(h['x-webhook-timestamp']) - Date.now() / 1000) < 30);
  });

  test('fan-out to 50 subscriptions stores the body once: each job names the event, every receiver gets the same signed bytes', async () => {
    const t = await tenant();
    const endpoints = Array.from({ length: 50 }, () => receiver.endpoint());
    const secrets = await Promise.all(endpoints.map(async (ep) => (await subscribe(t, ep)).secret));
    const notes = 'n'.repeat(20_000);
    const lead = await createLead(t, { attributes: { notes } });
    const got = await Promise.all(endpoints.map(async (ep) => (await ep.waitFor(1))[0]!));
    got.forEach((g, i) => assert.equal(verifySignature(g.body, String(g.headers['x-signature']), secrets[i]!), true));
    assert.equal(new Set(got.map((g) => g.body)).size, 1, 'one body, byte for byte, for every subscription');
    assert.equal(JSON.parse(got[0]!.body).data.lead.attributes.notes, notes);
    const rows = await database.db.select({ payload: jobs.payload }).from(jobs)
      .where(and(eq(jobs.companyId, t.companyId), eq(jobs.kind, 'webhook.deliver')));
    assert.equal(rows.length, 50);
    const stored = rows.reduce((n, r) => n + JSON.stringify(r.payload).length, 0);
    assert.ok(stored < 50 * 1_000, `the 50 delivery jobs hold ${stored} bytes, not 50 copies of a ${notes.length}-byte body (lead ${lead.id})`);
  });

  test('only the event types subscribed to are sent', async () => {
    const t = await tenant();
    const ep = receiver.endpoint();
    await subscribe(t, ep, ['lead.status_changed']);
    const lead = await createLead(t);
    await t.request('PATCH', `/api/v1/leads/${lead.id}`, { status: 'Contacted' });
    const [got] = await ep.waitFor(1);
    assert.equal(got!.headers['x-webhook-event'], 'lead.status_changed');
    const data = JSON.parse(got!.body).data;
    assert.deepEqual([data.old_status, data.new_status], ['Contact Pending', 'Contacted']);
    await sleep(200);
    assert.equal(ep.received.length, 1, JSON.stringify(ep.received.map((r) => [r.headers['x-webhook-id'], r.headers['x-webhook-event'], r.at])));
  });

  test('a receiver failing twice then succeeding gets exactly 3 attempts, all in the log', async () => {
    const t = await tenant();
    const ep = receiver.endpoint((_req, n) => (n <= 2 ? { status: 500, body: `down ${n}` } : { status: 200, body: 'thanks' }));
    const { id } = await subscribe(t, ep);
    await createLead(t);
    await ep.waitFor(3);
    const log = await waitUntil(async () => {
      const d = await deliveries(t, id);
      return d.data.length === 3 ? d.data : undefined;
    });
    await sleep(300);
    assert.equal(ep.received.length, 3);
    assert.equal(new Set(ep.received.map((r) => r.headers['x-webhook-id'])).size, 1, 'same X-Webhook-Id on every attempt');
    assert.equal(new Set(ep.received.map((r) => r.body)).size, 1, 'same body on every attempt');
    assert.deepEqual(log.map((d) => [d.attempt, d.status, d.status_code]), [[3, 'succeeded', 200], [2, 'failed', 500], [1, 'failed', 500]]);
    assert.deepEqual(log.map((d) => d.response_snippet), ['thanks', 'down 2', 'down 1']);
    assert.equal(log[0]!.next_attempt_at, null);
    assert.ok(log[1]!.next_attempt_at, 'a failed attempt says when the next one is due');
    assert.ok(log.every((d) => typeof d.duration_ms === 'number' && d.attempted_at));
  });

  test('a receiver that always fails gets exactly 4 attempts, then the job is failed', async () => {
    const t = await tenant();
    const ep = receiver.endpoint(() => ({ status: 503, body: 'x'.repeat(5000) }));
    const { id } = await subscribe(t, ep);
    await createLead(t);
    await ep.waitFor(4);
    await sleep(1000); // the 4th retry would have come by now (20·4³ ms ≈ 1.3 s worst case after the 3rd)
    assert.equal(ep.received.length, 4);
    const log = (await deliveries(t, id)).data;
    assert.deepEqual(log.map((d) => d.attempt), [4, 3, 2, 1]);
    assert.ok(log.every((d) => d.status === 'failed' && d.status_code === 503 && d.error === 'HTTP 503'));
    assert.equal(log[0]!.response_snippet.length, 1024, 'first KiB of the response');
    assert.equal(log[0]!.next_attempt_at, null);
    const [job] = await database.db.select().from(jobs).where(and(eq(jobs.kind, 'webhook.deliver'), eq(jobs.companyId, t.companyId)));
    assert.equal(job!.status, 'failed');
    assert.equal(job!.attempts, 4);
    // Retries spread out exponentially (base 20 ms ×4, ±20% jitter).
    const gaps = ep.received.slice(1).map((r, i) => r.at - ep.received[i]!.at);
    assert.ok(gaps[0]! >= 14 && gaps[1]! >= 60 && gaps[2]! >= 250, `gaps ${gaps}`);
  });

  test('a slow receiver hits the time-out and is retried', async () => {
    const t = await tenant();
    const ep = receiver.endpoint((_req, n) => (n === 1 ? { status: 200, delayMs: 2500 } : { status: 200 }));
    const { id } = await subscribe(t, ep);
    await createLead(t);
    await ep.waitFor(2);
    const log = await waitUntil(async () => {
      const d = (await deliveries(t, id)).data;
      return d.length === 2 ? d : undefined;
    });
    const first = log[1]!;
    assert.equal(first.status, 'failed');
    assert.equal(first.status_code, null);
    assert.match(first.error, /timed out after 1000 ms/);
    assert.ok(first.duration_ms >= 990 && first.duration_ms < 2500, `took ${first.duration_ms} ms`);
    assert.equal(log[0]!.status, 'succeeded');
  });

  test('a deleted subscription gets nothing more, not even a retry already scheduled', async () => {
    const t = await tenant();
    // The retry is due 2 s after the first attempt: time enough to delete, even on a busy machine.
    const ep = receiver.endpoint(() => ({ status: 503, headers: { 'retry-after': '2' } }));
    const { id } = await subscribe(t, ep);
    await createLead(t);
    const [first] = await ep.waitFor(1);
    assert.equal((await t.request('DELETE', `/api/v1/webhooks/${id}`)).statusCode, 200);
    assert.ok(Date.now() - first!.at < 2000, 'deleted before the retry was due');
    await createLead(t);
    await sleep(2500);
    assert.equal(ep.received.length, 1);
  });

  test('Retry-After is honoured', async () => {
    const t = await tenant();
    const ep = receiver.endpoint((_req, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    await subscribe(t, ep);
    await createLead(t);
    const [a, b] = await ep.waitFor(2, 5000);
    assert.ok(b!.at - a!.at >= 900, `waited ${b!.at - a!.at} ms`);
  });

  test('redirects are not followed: a 3xx is a failed attempt', async () => {
    const t = await tenant();
    const target = receiver.endpoint();
    const ep = receiver.endpoint(() => ({ status: 302, headers: { location: target.url } }));
    const { id } = await subscribe(t, ep);
    await createLead(t);
    await ep.waitFor(4);
    const log = await waitUntil(async () => {
      const d = (await deliveries(t, id)).data;
      return d.length === 4 ? d : undefined;
    });
    assert.equal(target.received.length, 0);
    assert.match(log[0]!.error, /HTTP 302 \(redirects are not followed\)/);
  });

  test('410 Gone disables the subscription at once, visibly', async () => {
    const t = await tenant();
    const ep = receiver.endpoint(() => ({ status: 410 }));
    const { id } = await subscribe(t, ep);
    await createLead(t);
    await ep.waitFor(1);
    const sub = await waitUntil(async () => {
      const s = (await t.request('GET', `/api/v1/webhooks/${id}`)).json();
      return s.status === 'disabled' ? s : undefined;
    });
    assert.match(sub.disabled_reason, /410/);
    assert.ok(sub.disabled_at);
    await createLead(t);
    await sleep(300);
    assert.equal(ep.received.length, 1, 'no retry, nothing new');
  });

  test('a subscription whose every delivery has failed for days is disabled; PATCH status=active re-enables it', async () => {
    const t = await tenant();
    let healthy = false;
    const ep = receiver.endpoint(() => ({ status: healthy ? 200 : 500 }));
    const { id } = await subscribe(t, ep);
    await createLead(t);
    await ep.waitFor(1);
    const failing = await waitUntil(async () => (await t.request('GET', `/api/v1/webhooks/${id}`)).json().failing_since ?? undefined);
    assert.ok(failing);
    // Five days of failures, compressed: move the start of the failing run back in time.
    await database.db.update(webhookSubscriptions).set({ failingSince: new Date(Date.now() - 121 * 3_600_000) }).where(eq(webhookSubscriptions.id, id));
    await createLead(t); // its failed delivery finds the endpoint failing for over 120 hours
    const sub = await waitUntil(async () => {
      const s = (await t.request('GET', `/api/v1/webhooks/${id}`)).json();
      return s.status === 'disabled' ? s : undefined;
    });
    assert.match(sub.disabled_reason, /failed for 120 hours/);
    healthy = true;
    const res = await t.request('PATCH', `/api/v1/webhooks/${id}`, { status: 'active' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'active');
    assert.equal(res.json().disabled_reason, null);
    const before = ep.received.length;
    await createLead(t);
    await ep.waitFor(before + 1);
    await waitUntil(async () => ((await t.request('GET', `/api/v1/webhooks/${id}`)).json().failing_since === null ? true : undefined));
  });

  test('POST /webhooks/:id/test sends a signed webhook.test event now and answers with the attempt', async () => {
    const t = await tenant();
    const ep = receiver.endpoint(() => ({ status: 204 }));
    const { id, secret } = await subscribe(t, ep);
    const res = await t.request('POST', `/api/v1/webhooks/${id}/test`);
    assert.equal(res.statusCode, 200, res.body);
    const attempt = res.json();
    assert.equal(attempt.status, 'succeeded');
    assert.equal(attempt.status_code, 204);
    assert.equal(attempt.event_type, 'webhook.test');
    assert.equal(ep.received.length, 1);
    const got = ep.received[0]!;
    assert.equal(got.headers['x-webhook-event'], 'webhook.test');
    assert.equal(got.headers['x-webhook-id'], attempt.event_id);
    assert.equal(verifySignature(got.body, String(got.headers['x-signature']), secret), true);
    assert.equal((await deliveries(t, id)).data[0]!.id, attempt.id);
  });

  test('the delivery log pages with a cursor and filters by status', async () => {
    const t = await tenant();
    const ep = receiver.endpoint((_req, n) => ({ status: n % 4 === 0 ? 200 : 500 }));
    const { id } = await subscribe(t, ep);
    await createLead(t);
    await ep.waitFor(4);
    await waitUntil(async () => ((await deliveries(t, id)).data.length === 4 ? true : undefined));
    const page1 = await deliveries(t, id, '?limit=3');
    assert.equal(page1.data.length, 3);
    assert.equal(page1.pagination.hasMore, true);
    const page2 = await deliveries(t, id, `?limit=3&cursor=${page1.pagination.nextCursor}`);
    assert.deepEqual(page2.data.map((d) => d.attempt), [1]);
    assert.deepEqual(page2.pagination, { nextCursor: null, hasMore: false });
    assert.deepEqual((await deliveries(t, id, '?status=succeeded')).data.map((d) => d.attempt), [4]);
    assert.deepEqual((await deliveries(t, id, '?status=failed')).data.map((d) => d.attempt), [3, 2, 1]);
    assert.equal((await t.request('GET', `/api/v1/webhooks/${id}/deliveries?status=maybe`)).statusCode, 400);
    assert.equal((await t.request('GET', `/api/v1/webhooks/${id}/deliveries?cursor=junk`)).statusCode, 400);
  });
});
