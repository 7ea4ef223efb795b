/**
 * Tenant isolation, driven by our own OpenAPI document so that endpoints added later are covered
 * without editing this file: company B's key gets a 404 (never a 403, never data) for every
 * endpoint that names one of company A's objects, changes nothing of A's, and nothing of A appears
 * in B's lists, counts, stats, lead_stats, Lead Scoring results, deliveries or webhooks.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { events } from '../src/db/schema/index.ts';
import type { Worker } from '../src/jobs/handler.ts';
import { WORKERS } from '../src/workers/index.ts';
import { createLeadScoringWorker } from '../src/leadscoring/worker.ts';
import { leadInput, startTestApp, type TestTenant } from './helpers/app.ts';
import {
  dbFingerprint, fillPath, fingerprintDiff, hasOperation, openApiDocument, operationsOf, responseChecker, schemaArbitrary, type Operation,
} from './helpers/api-surface.ts';
import { startFakeServer } from './helpers/fake-http.ts';
import { realPathValues, seedTenantObjects, type TenantObjects } from './helpers/tenant-objects.ts';
import { buyerDelivery, drain, postDelivery } from './helpers/typeform.ts';

// A has a pixel, so its Typeform lead queues a CAPI event: Meta is a local fake, never the real one.
const graph = await startFakeServer();
const { app, tenant, database, config } = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RETRY_BASE_MS: '50', META_GRAPH_API_BASE_URL: graph.url });
const doc = await openApiDocument(app);
const ops = operationsOf(doc);
const checker = responseChecker(doc);

const MARK_A = `tenantA${randomBytes(4).toString('hex')}`;
const MARK_B = `tenantB${randomBytes(4).toString('hex')}`;
const a = await tenant(['all']);
const b = await tenant(['all']);
const objectsA = await seedTenantObjects(doc, ops, a, MARK_A, 4);
const objectsB = await seedTenantObjects(doc, ops, b, MARK_B, 1);

// A also has a Lead Scoring result (a processed Typeform submission) and settings with secrets.
const emailA = `${MARK_A}.typeform@example.com`;
await a.request('PUT', `/api/v1/leadscoring/settings/${a.companyId}`, { pixel_id: '111111111', access_token: `token-${MARK_A}`, event_source_url: `https://${MARK_A}.example/` });
assert.equal((await postDelivery(app, buyerDelivery(a.companyId, { email: emailA }))).statusCode, 200);
await drain(createLeadScoringWorker({ config, database }));

/** Everything that identifies A: ids, marker text, emails. None of it may reach B. */
const secretsOfA = [a.companyId, MARK_A, emailA, ...objectsA.emails, ...[...objectsA.ids.values()].flat()];
const leadsOfB = (objectsB.ids.get('/api/v1/leads') ?? []).length;

function leaksOfA(body: string): string[] {
  return secretsOfA.filter((s) => body.toLowerCase().includes(s.toLowerCase()));
}

/** Bodies for operations whose schema alone rarely gives an acceptable one. */
const BODY_EXAMPLES: Record<string, unknown[]> = {
  updateLead: [{ notes: 'changed by another company' }, { status: 'Lost' }],
  updateLeadScoringSettings: [{ fb_capi_fin: 0.1 }],
  updateDevelopment: [{ name: 'renamed by another company' }],
  updateWebhook: [{ events: ['lead.created'] }],
};

function candidateBodies(op: Operation, hints: TenantObjects['hints']): unknown[] {
  if (!op.body) return [undefined];
  return [...(BODY_EXAMPLES[op.operationId] ?? []), ...fc.sample(schemaArbitrary(doc, op.body, hints), { numRuns: 25, seed: 7 })];
}

describe('another company\'s objects are 404, through every endpoint that names one', () => {
  const withIds = ops.filter((op) => op.authenticated && op.params.some((p) => p.in === 'path'));

  test('the document has endpoints with ids, and A has objects behind each of them', () => {
    assert.ok(withIds.length >= 7, `${withIds.length} endpoints with path parameters`);
    for (const op of withIds) {
      for (const [name, values] of Object.entries(realPathValues(op, objectsA, a.companyId))) {
        assert.ok(values.length > 0, `A has no object for {${name}} of ${op.method} ${op.path}; add an example to test/helpers/tenant-objects.ts`);
      }
    }
  });

  for (const op of withIds) {
    test(`${op.method} ${op.path}: B gets 404 for A's object and changes nothing`, async () => {
      const values = realPathValues(op, objectsA, a.companyId);
      const url = fillPath(op.path, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[0]!])));
      const before = await dbFingerprint(database.db);
      let answered404 = false;
      const statuses: number[] = [];
      for (const body of candidateBodies(op, objectsB.hints)) {
        const res = await b.request(op.method, url, body);
        statuses.push(res.statusCode);
        assert.equal(checker.check(op, url, res.statusCode, res.body, res.headers['content-type'] as string), null, res.body);
        assert.ok(res.statusCode >= 400, `B got ${res.statusCode} for A's object: ${res.body}`);
        assert.notEqual(res.statusCode, 403, 'another company\'s object is 404, never 403');
        assert.deepEqual(leaksOfA(res.body), [], `the answer names A's data: ${res.body}`);
        if (res.statusCode === 400) continue; // this body was refused before the lookup; try another
        assert.equal(res.statusCode, 404, res.body);
        if (op.leadScoring) assert.match(res.json().message, /^Client (data )?not found$/);
        else assert.equal(res.json().error.code, 'NOT_FOUND');
        answered404 = true;
        break;
      }
      assert.ok(answered404, `no body got past validation (statuses ${statuses.join(',')}); add one to BODY_EXAMPLES`);
      assert.deepEqual(fingerprintDiff(before, await dbFingerprint(database.db)), [], 'B changed the database');
      // The 404 is about who asks: A itself reads the same URL.
      if (op.method === 'GET') assert.equal((await a.request('GET', url)).statusCode, 200);
    });
  }

  test('query parameters that name a client: B asking for A\'s client id is 404 "Client not found"', async (t) => {
    const op = ops.find((o) => o.operationId === 'getLeadScoringResult');
    if (!op) return t.skip('GET /api/v1/leadscoring is not in the OpenAPI document');
    const res = await b.request('GET', `/api/v1/leadscoring?client_id=${a.companyId}&email=${encodeURIComponent(emailA)}`);
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { status_code: 404, data: null, message: 'Client not found', message_code: 'CLIENT_NOT_FOUND' });
    // A's own read works, so the 404 is about B, not a missing result.
    const own = await a.request('GET', `/api/v1/leadscoring?client_id=${a.companyId}&email=${encodeURIComponent(emailA)}`);
    assert.equal(own.json().data.email, emailA.toLowerCase());
  });
});

describe('nothing of A leaks into B\'s lists, counts, stats and results', () => {
  const reads = ops.filter((op) => op.method === 'GET' && op.authenticated && !op.params.some((p) => p.in === 'path'));

  for (const op of reads) {
    test(`GET ${op.path} for B shows only B's data`, async () => {
      // Required parameters get B's own values; id filters get A's ids, which must match nothing.
      const query = new URLSearchParams();
      for (const p of op.params.filter((x) => x.in === 'query')) {
        if (p.name === 'client_id') query.set(p.name, b.companyId);
        else if (p.name === 'email') query.set(p.name, emailA);
        else if (p.required) query.set(p.name, String(fc.sample(schemaArbitrary(doc, p.schema, objectsB.hints, p.name), { numRuns: 1, seed: 1 })[0]));
      }
      const urls = [`${op.path}?${query}`];
      for (const p of op.params.filter((x) => x.in === 'query' && /_id$/.test(x.name) && x.name !== 'client_id')) {
        const theirs = objectsA.hints.byName[p.name]?.[0];
        if (theirs) urls.push(`${op.path}?${new URLSearchParams({ ...Object.fromEntries(query), [p.name]: theirs })}`);
      }
      for (const [i, url] of urls.entries()) {
        const res = await b.request('GET', url);
        // Filtering by another company's id may match nothing (200) or name an unknown object (404).
        if (i > 0 && res.statusCode === 404) {
          assert.equal(res.json().error.code, 'NOT_FOUND');
          continue;
        }
        assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
        assert.equal(checker.check(op, url, res.statusCode, res.body, res.headers['content-type'] as string), null);
        assert.deepEqual(leaksOfA(res.body), [], `${url} shows A's data: ${res.body.slice(0, 500)}`);
        for (const [path, n] of countsIn(res.json())) assert.ok(n <= leadsOfB, `${url}: ${path} = ${n}, but B has ${leadsOfB} lead(s)`);
      }
    });
  }

  test('B\'s Lead Scoring result for an email A scored is null, and B\'s settings are its own', async () => {
    const res = await b.request('GET', `/api/v1/leadscoring?client_id=${b.companyId}&email=${encodeURIComponent(emailA)}`);
    assert.deepEqual(res.json(), { status_code: 200, data: null, message: null });
    const settings = await b.request('GET', `/api/v1/leadscoring/settings/${b.companyId}`);
    assert.equal(settings.json().data.pixel_id, null);
    assert.equal(settings.json().data.access_token_set, false);
    assert.deepEqual(leaksOfA(settings.body), []);
  });

  test('B\'s development lead_stats count none of A\'s leads', async (t) => {
    const devB = objectsB.ids.get('/api/v1/developments')?.[0];
    if (!devB || !hasOperation(doc, 'GET', '/api/v1/developments/{id}')) {
      return t.skip('needs GET /api/v1/developments/{id} in the OpenAPI document');
    }
    // A cannot file a lead under B's development…
    const refused = await a.request('POST', '/api/v1/leads', leadInput({ development_id: devB }));
    assert.ok(refused.statusCode === 400 || refused.statusCode === 404, refused.body);
    const res = await b.request('GET', `/api/v1/developments/${devB}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(leaksOfA(res.body), []);
    for (const [path, n] of countsIn(res.json())) assert.ok(n <= leadsOfB, `${path} = ${n}`);
  });
});

describe('references to another company\'s objects inside a body are refused', () => {
  const leadB = () => objectsB.ids.get('/api/v1/leads')![0]!;
  const devB = () => objectsB.ids.get('/api/v1/developments')?.[0];
  const cases: { operationId: string; name: string; send: (t: TestTenant) => Promise<{ statusCode: number; body: string; json(): any }>; expect: 'refused' | 'item-not-found' }[] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    { operationId: 'scoreLead', name: 'POST /score with B\'s buyer_id', send: (t) => t.request('POST', '/api/v1/score', { buyer_id: leadB() }), expect: 'refused' },
    { operationId: 'scoreLeads', name: 'POST /score/batch with B\'s buyer_ids', send: (t) => t.request('POST', '/api/v1/score/batch', { buyer_ids: [leadB()] }), expect: 'item-not-found' },
    { operationId: 'createLead', name: 'POST /leads with B\'s development_id', send: (t) => t.request('POST', '/api/v1/leads', leadInput({ development_id: devB() ?? leadB() })), expect: 'refused' },
    { operationId: 'updateLead', name: 'PATCH A\'s lead with B\'s development_id', send: (t) => t.request('PATCH', `/api/v1/leads/${objectsA.ids.get('/api/v1/leads')![0]}`, { development_id: devB() ?? leadB() }), expect: 'refused' },
    { operationId: 'scoreLead', name: 'POST /score inline with B\'s development_id', send: (t) => t.request('POST', '/api/v1/score', { lead: leadInput({ development_id: devB() ?? leadB() }) }), expect: 'refused' },
    { operationId: 'inboundLeadCreated', name: 'POST /webhook/lead-created with B\'s development_id', send: (t) => t.request('POST', '/api/v1/webhook/lead-created', leadInput({ development_id: devB() ?? leadB() })), expect: 'refused' },
  ];
  for (const c of cases) {
    test(c.name, async (t) => {
      if (!ops.some((o) => o.operationId === c.operationId)) return t.skip(`${c.operationId} is not in the OpenAPI document`);
      const before = await dbFingerprint(database.db);
      const res = await c.send(a);
      assert.deepEqual(leaksOfB(res.body), [], res.body);
      if (c.expect === 'refused') {
        assert.ok(res.statusCode === 400 || res.statusCode === 404, `${res.statusCode} ${res.body}`);
        assert.deepEqual(fingerprintDiff(before, await dbFingerprint(database.db)), []);
      } else {
        assert.equal(res.statusCode, 200);
        assert.equal(res.json().failed, 1);
        assert.equal(res.json().results[0].error.code, 'NOT_FOUND');
        assert.deepEqual(fingerprintDiff(before, await dbFingerprint(database.db)), []);
      }
    });
  }
});

describe('events, deliveries and webhooks stay with their company', () => {
  test('every outbox event about A\'s leads belongs to A', async () => {
    const leadIds = objectsA.ids.get('/api/v1/leads')!;
    const rows = await database.db.select({ companyId: events.companyId, data: events.data }).from(events).where(sql`${events.data}::text like ${`%${leadIds[0]}%`}`);
    assert.ok(rows.length >= 2);
    for (const r of rows) assert.equal(r.companyId, a.companyId);
    const ofB = await database.db.select({ data: events.data }).from(events).where(eq(events.companyId, b.companyId));
    assert.deepEqual(leaksOfA(JSON.stringify(ofB)), []);
  });

  test('B\'s webhook receives none of A\'s events, and B\'s delivery log shows none', async (t) => {
    if (!hasOperation(doc, 'POST', '/api/v1/webhooks') || !hasOperation(doc, 'GET', '/api/v1/webhooks/{id}/deliveries')) {
      return t.skip('needs POST /api/v1/webhooks and GET /api/v1/webhooks/{id}/deliveries (outbound webhooks, issue 4) in the OpenAPI document');
    }
    const receiverA = await startFakeServer();
    const receiverB = await startFakeServer();
    const subscribe = async (who: TestTenant, url: string) => {
      const res = await who.request('POST', '/api/v1/webhooks', { url, events: ['lead.created', 'lead.scored', 'lead.status_changed'] });
      assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
      return res.json().id as string;
    };
    await subscribe(a, `${receiverA.url}/a`);
    const hookB = await subscribe(b, `${receiverB.url}/b`);
    const lead = (await a.request('POST', '/api/v1/leads', leadInput({ full_name: `Marker ${MARK_A} late`, email: `${MARK_A}.late@example.com` }))).json();
    await a.request('PATCH', `/api/v1/leads/${lead.id}`, { status: 'Contacted' });
    await b.request('POST', '/api/v1/leads', leadInput({ full_name: `Marker ${MARK_B} late` }));

    const workers: Worker[] = WORKERS.map((make) => make({ config, database }));
    workers.forEach((w) => w.start());
    try {
      const deadline = Date.now() + 15_000;
      const seenA = () => receiverA.requests.filter((r) => r.body.includes(lead.id)).length;
      while (Date.now() < deadline && (seenA() < 3 || receiverB.requests.length === 0)) await new Promise((r) => setTimeout(r, 100));
      assert.ok(seenA() >= 3, `A's receiver got ${seenA()} of A's events`);
      assert.ok(receiverB.requests.length > 0, 'B\'s receiver got B\'s own events');
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    for (const r of receiverB.requests) assert.deepEqual(leaksOfA(r.body), [], `B's receiver got: ${r.body.slice(0, 300)}`);
    const log = await b.request('GET', `/api/v1/webhooks/${hookB}/deliveries`);
    assert.equal(log.statusCode, 200, log.body);
    assert.deepEqual(leaksOfA(log.body), []);
    const list = await b.request('GET', '/api/v1/webhooks');
    assert.deepEqual(leaksOfA(list.body), []);
    assert.doesNotMatch(list.body, new RegExp(receiverA.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});

const secretsOfB = () => [b.companyId, MARK_B, ...objectsB.emails, ...[...objectsB.ids.values()].flat()];
function leaksOfB(body: string): string[] {
  return secretsOfB().filter((s) => body.toLowerCase().includes(s.toLowerCase()));
}

/** Count-like numbers anywhere in a body: totals, per-classification and per-status counts, recent-lead counts. */
function countsIn(value: unknown, path = ''): [string, number][] {
  const out: [string, number][] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...countsIn(v, `${path}[${i}]`)));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      const countKey = /^(total|total_leads|count|leads_last_\d+d)$/.test(k) || /^by_(classification|status|source)$/.test(path.split('.').pop() ?? '');
      if (typeof v === 'number' && countKey) out.push([p, v]);
      else out.push(...countsIn(v, p));
    }
  }
  return out;
}
