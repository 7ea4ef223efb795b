import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { events } from '../src/db/schema/index.ts';
import { leadInput, startTestApp } from './helpers/app.ts';

const { tenant, database } = await startTestApp();
const url = '/api/v1/webhook/lead-created';
const eventTypes = async (companyId: string) =>
  (await database.db.select().from(events).where(eq(events.companyId, companyId))).map((e) => e.type).sort();

describe('POST /api/v1/webhook/lead-created', () => {
  test('creates and scores a lead, answering {success, buyer_id, scoring}', async () => {
    const t = await tenant(['webhook', 'leads_read']);
    const res = await t.request('POST', url, leadInput({ email: 'inbound@example.com', payment_method: 'cash', timeline: '28 days' }));
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.success, true);
    assert.equal(body.merged, false);
    assert.equal(body.scoring.classification, 'Hot Lead');
    assert.equal(typeof body.scoring.quality_score, 'number');
    assert.equal(typeof body.scoring.score_breakdown, 'object');
    const lead = (await t.request('GET', `/api/v1/leads/${body.buyer_id}`)).json();
    assert.equal(lead.email, 'inbound@example.com');
    const history = (await t.request('GET', `/api/v1/leads/${body.buyer_id}/scores`)).json().data;
    assert.deepEqual(history.map((h: { scored_by: string }) => h.scored_by), ['webhook']);
    assert.deepEqual(await eventTypes(t.companyId), ['lead.created', 'lead.scored']);
  });

  test('merges into the live lead with the same email (any case): same buyer, new facts, nothing known erased, re-scored', async () => {
    const t = await tenant(['webhook', 'leads_read']);
    const first = (await t.request('POST', url, leadInput({ email: 'Merge.Me@example.com', budget: '300000', location: 'Leeds', utm: { utm_source: 'google' } }))).json();
    const res = await t.request('POST', url, { full_name: 'Sarah Chen', email: 'merge.me@EXAMPLE.com', budget: '650000', location: null, notes: 'second form', utm: { utm_campaign: 'spring' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().buyer_id, first.buyer_id);
    assert.equal(res.json().merged, true);
    const lead = (await t.request('GET', `/api/v1/leads/${first.buyer_id}`)).json();
    assert.equal(lead.budget, '650000');
    assert.equal(lead.location, 'Leeds', 'a null never erases');
    assert.equal(lead.notes, 'second form');
    assert.deepEqual(lead.utm, { utm_source: 'google', utm_campaign: 'spring' }, 'utm merged key by key');
    assert.equal(lead.email, 'Merge.Me@example.com');
    const history = (await t.request('GET', `/api/v1/leads/${first.buyer_id}/scores`)).json().data;
    assert.deepEqual(history.map((h: { scored_by: string }) => h.scored_by), ['webhook', 'webhook']);
    assert.deepEqual(await eventTypes(t.companyId), ['lead.created', 'lead.scored', 'lead.scored']);
    const list = (await t.request('GET', '/api/v1/leads')).json();
    assert.equal(list.meta.total, 1);
  });

  test('merged attributes never grow past the lead cap: when the union would, the newer copy is kept', async () => {
    const t = await tenant(['webhook', 'leads_read']);
    const email = 'grow@example.com';
    const first = (await t.request('POST', url, leadInput({ email, attributes: { a: 'x'.repeat(20_000) } }))).json();
    const small = await t.request('POST', url, leadInput({ email, attributes: { b: 'small' } }));
    assert.equal(small.statusCode, 200, small.body);
    assert.deepEqual(Object.keys((await t.request('GET', `/api/v1/leads/${first.buyer_id}`)).json().attributes).sort(), ['a', 'b'], 'merged while it fits');
    assert.equal((await t.request('POST', url, leadInput({ email, attributes: { c: 'y'.repeat(20_000) } }))).statusCode, 200);
    const lead = (await t.request('GET', `/api/v1/leads/${first.buyer_id}`)).json();
    assert.deepEqual(Object.keys(lead.attributes), ['c']);
    assert.ok(Buffer.byteLength(JSON.stringify(lead.attributes)) <= 32 * 1024);
  });

  test('a copy that brings nothing new (a redelivery) writes nothing: no history row, no event, same lead', async () => {
    const t = await tenant(['webhook', 'leads_read']);
    const copy = leadInput({ email: 'twice@example.com', budget: '450000', utm: { utm_source: 'meta' }, attributes: { beds: '2' } });
    const first = (await t.request('POST', url, copy)).json();
    const before = (await t.request('GET', `/api/v1/leads/${first.buyer_id}`)).json();
    const again = await t.request('POST', url, { ...copy, email: 'TWICE@example.com', location: null });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().merged, true);
    assert.equal(again.json().buyer_id, first.buyer_id);
    assert.deepEqual(again.json().scoring, first.scoring, 'answers with the score it has');
    assert.deepEqual((await t.request('GET', `/api/v1/leads/${first.buyer_id}`)).json(), before, 'not even updated_at moves');
    const history = (await t.request('GET', `/api/v1/leads/${first.buyer_id}/scores`)).json().data;
    assert.equal(history.length, 1);
    assert.deepEqual(await eventTypes(t.companyId), ['lead.created', 'lead.scored']);
    // one new fact is a change again
    await t.request('POST', url, { ...copy, notes: 'called back' });
    assert.deepEqual(await eventTypes(t.companyId), ['lead.created', 'lead.scored', 'lead.scored']);
  });

  test('an archived lead with that email is left alone; a new lead is created', async () => {
    const t = await tenant(['webhook', 'leads_write', 'leads_read']);
    const first = (await t.request('POST', url, leadInput({ email: 'gone@example.com' }))).json();
    await t.request('DELETE', `/api/v1/leads/${first.buyer_id}`);
    const again = (await t.request('POST', url, leadInput({ email: 'gone@example.com' }))).json();
    assert.notEqual(again.buyer_id, first.buyer_id);
    assert.equal(again.merged, false);
  });

  test('concurrent copies of one new lead end up as one lead', async () => {
    const t = await tenant(['webhook', 'leads_read']);
    const results = await Promise.all([1, 2, 3].map(() => t.request('POST', url, leadInput({ email: 'race@example.com' }))));
    assert.deepEqual(results.map((r) => r.statusCode), [200, 200, 200], results.map((r) => r.body).join('\n'));
    assert.equal(new Set(results.map((r) => r.json().buyer_id)).size, 1);
  });

  test('needs the webhook permission; validates like POST /leads', async () => {
    const t = await tenant(['leads_write']);
    assert.equal((await t.request('POST', url, leadInput())).statusCode, 403);
    const w = await tenant(['webhook']);
    const bad = await w.request('POST', url, { full_name: 'No Contact' });
    assert.equal(bad.statusCode, 400);
    const readOnly = await w.request('POST', url, leadInput({ quality_score: 99 }));
    assert.equal(readOnly.statusCode, 400);
    assert.match(readOnly.json().error.details[0].message, /read-only/);
  });

  test('one company’s inbound lead never merges into another company’s lead', async () => {
    const a = await tenant(['webhook']);
    const b = await tenant(['webhook']);
    const one = (await a.request('POST', url, leadInput({ email: 'shared.inbound@example.com' }))).json();
    const two = (await b.request('POST', url, leadInput({ email: 'shared.inbound@example.com' }))).json();
    assert.notEqual(one.buyer_id, two.buyer_id);
    assert.equal(two.merged, false);
  });
});
