import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { loadSecretBox } from '../src/crypto/secret-box.ts';
import { and, eq } from 'drizzle-orm';
import { jobs, webhookSubscriptions } from '../src/db/schema/index.ts';
import { DELIVER_JOB, secretContext } from '../src/webhooks/delivery.ts';
import { createWebhookSender } from '../src/webhooks/sender.ts';
import type { Resolver } from '../src/webhooks/ssrf.ts';
import { leadInput, startTestApp } from './helpers/app.ts';
import { sleep, startReceiver, waitUntil } from './helpers/receiver.ts';
import { FAST_WEBHOOKS, startOutboundWorker } from './helpers/workers.ts';

// The operator has NOT allowed private URLs here.
const testApp = await startTestApp({ ...FAST_WEBHOOKS, WEBHOOK_ALLOW_PRIVATE_URLS: 'false' });
const { tenant, database, config } = testApp;
startOutboundWorker(testApp);
const receiver = await startReceiver();
const port = new URL(receiver.base).port;

describe('SSRF: subscriptions to private addresses are refused without WEBHOOK_ALLOW_PRIVATE_URLS', () => {
  const refused: [string, RegExp][] = [
    [`http://127.0.0.1:${port}/hook`, /loopback/],
    [`http://localhost:${port}/hook`, /localhost resolves to (127\.0\.0\.1|::1), a loopback address/],
    [`http://[::1]:${port}/hook`, /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /metadata/],
    ['http://10.1.2.3/hook', /private/],
    ['http://172.20.0.5/hook', /private/],
    ['https://192.168.0.10/hook', /private/],
    ['http://100.64.0.1/hook', /carrier-grade NAT/],
    ['http://0.0.0.0:8080/hook', /this network/],
    ['http://[fd00:ec2::254]/', /unique-local/],
    ['http://[fe80::1]/', /link-local/],
    ['http://[::ffff:127.0.0.1]/', /IPv4-mapped/],
    ['http://[::ffff:0:7f00:1]/', /IPv4-translated/], // ::ffff:0:0:0/96, 127.0.0.1 inside
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /Teredo/],
    ['http://2130706433/', /loopback/], // 127.0.0.1 written as one number
    ['ftp://example.com/hook', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['http://user:pw@example.com/hook', /user name or password/],
  ];
  for (const [url, why] of refused) {
    test(`refuses ${url}`, async () => {
      const t = await tenant();
      const res = await t.request('POST', '/api/v1/webhooks', { url, events: ['lead.created'] });
      assert.equal(res.statusCode, 400, res.body);
      const err = res.json().error;
      assert.equal(err.code, 'INVALID_REQUEST');
      assert.equal(err.details[0].field, 'url');
      assert.match(err.message, why);
    });
  }

  test('changing the URL to a private one is refused too', async () => {
    const t = await tenant();
    // A public literal passes creation without any DNS.
    const res = await t.request('POST', '/api/v1/webhooks', { url: 'https://93.184.216.34/hook', events: ['lead.created'] });
    assert.equal(res.statusCode, 201, res.body);
    const patch = await t.request('PATCH', `/api/v1/webhooks/${res.json().id}`, { url: `http://localhost:${port}/x` });
    assert.equal(patch.statusCode, 400);
  });
});

describe('SSRF: checked again at delivery time', () => {
  test('a subscription whose URL now points inside gets no request; the log says why, and it is not retried', async () => {
    const t = await tenant();
    const ep = receiver.endpoint();
    // As if the host had resolved publicly at creation and now resolves to 127.0.0.1.
    const id = randomUUID();
    const box = await loadSecretBox(database.db, config);
    await database.db.insert(webhookSubscriptions).values({
      id, companyId: t.companyId, url: ep.url.replace('127.0.0.1', 'localhost'), events: ['lead.created'], secretCiphertext: box.seal('whsec_x', secretContext(id)),
    });
    assert.equal((await t.request('POST', '/api/v1/leads', leadInput())).statusCode, 201);
    const failed = await waitUntil(async () => {
      const [job] = await database.db.select().from(jobs).where(and(eq(jobs.kind, DELIVER_JOB), eq(jobs.companyId, t.companyId)));
      return job?.status === 'failed' ? job : undefined;
    });
    assert.equal(failed.attempts, 1, 'a refused URL is a permanent failure, not a transient one');
    assert.match(String(failed.lastError), /URL refused: localhost resolves to .*loopback.*not retried/);
    await sleep(200);
    const log = (await t.request('GET', `/api/v1/webhooks/${id}/deliveries`)).json().data;
    assert.equal(log.length, 1, JSON.stringify(log));
    assert.match(log[0].error, /URL refused: localhost resolves to .*loopback/);
    assert.equal(log[0].status_code, null);
    assert.equal(ep.received.length, 0);
  });
});

describe('SSRF: the guarded sender', () => {
  const publicThenPrivate: Resolver = async () => [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
  const rebinding: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];

  test('refuses a host when any of its addresses is private', async () => {
    const ep = receiver.endpoint();
    const sender = createWebhookSender({ timeoutMs: 1000, allowPrivateUrls: false, resolver: publicThenPrivate });
    const result = await sender.send(`http://mixed.example:${port}${ep.path}`, '{}', {});
    sender.close();
    assert.equal(result.ok, false);
    assert.equal(result.blocked, true);
    assert.match(result.error!, /mixed\.example resolves to 127\.0\.0\.1/);
    assert.equal(ep.received.length, 0);
  });

  test('the check happens in the connection’s own lookup: a name that re-binds to 127.0.0.1 at send time never connects', async () => {
    const ep = receiver.endpoint();
    const sender = createWebhookSender({ timeoutMs: 1000, allowPrivateUrls: false, resolver: rebinding });
    const result = await sender.send(`http://rebind.example:${port}${ep.path}`, '{}', {});
    sender.close();
    assert.equal(result.blocked, true);
    assert.equal(ep.received.length, 0);
  });

  test('with WEBHOOK_ALLOW_PRIVATE_URLS the same request goes through', async () => {
    const ep = receiver.endpoint();
    const sender = createWebhookSender({ timeoutMs: 1000, allowPrivateUrls: true });
    const result = await sender.send(`http://localhost:${port}${ep.path}`, '{}', {});
    sender.close();
    assert.equal(result.ok, true, result.error ?? '');
    assert.equal(ep.received.length, 1);
  });
});
