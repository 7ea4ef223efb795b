import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadInput, startTestApp } from './helpers/app.ts';

const { tenant } = await startTestApp();
const JAMES = {
  full_name: 'James Wilson', email: 'james@buyer.com', phone: '+44 7700 900001',
  budget: '1200000', payment_method: 'cash', timeline: '28 days', source: 'Rightmove',
};

describe('POST /api/v1/score', () => {
  test('scores inline data without storing it', async () => {
    const t = await tenant(['score_single', 'leads_read']);
    const res = await t.request('POST', '/api/v1/score', { lead: JAMES });
    assert.equal(res.statusCode, 200, res.body);
    const score = res.json();
    assert.equal(score.classification, 'Hot Lead');
    assert.equal(score.call_priority, 1);
    assert.equal(score.response_time, 'Within 1 hour');
    assert.equal(score.is_28_day_buyer, true);
    assert.ok(score.score_breakdown.quality, 'the breakdown explains quality');
    for (const p of ['p_fin', 'p_show', 'p_sql']) assert.ok(score.probabilities[p] > 0 && score.probabilities[p] < 1);
    assert.equal(score.buyer_id, undefined);
    assert.equal((await t.request('GET', '/api/v1/leads')).json().meta.total, 0, 'nothing stored');
  });

  test('the seed examples: unapproved mortgage flagged; test name on a disposable domain disqualified; name+email only needs qualification', async () => {
    const t = await tenant(['score_single']);
    const sarah = (await t.request('POST', '/api/v1/score', { lead: { full_name: 'Sarah Chen', email: 'sarah@example.com', phone: '+44 7700 900000', budget: '500000', payment_method: 'mortgage', timeline: '3 months', purpose: 'primary residence', location: 'London', bedrooms: 2 } })).json();
    assert.ok(sarah.risk_flags.some((f: string) => /mortgage/i.test(f)), sarah.risk_flags.join());
    const fake = (await t.request('POST', '/api/v1/score', { lead: { full_name: 'test test', email: 'test@mailinator.com' } })).json();
    assert.equal(fake.classification, 'Disqualified');
    assert.equal(fake.is_fake_lead, true);
    assert.equal(fake.call_priority, 5);
    const thin = (await t.request('POST', '/api/v1/score', { lead: { full_name: 'John Smith', email: 'john@example.com' } })).json();
    assert.equal(thin.classification, 'Needs Qualification');
  });

  test('buyer_id re-scores a stored lead and records history (scored_by api)', async () => {
    const t = await tenant(['all']);
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const res = await t.request('POST', '/api/v1/score', { buyer_id: lead.id });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().buyer_id, lead.id);
    assert.equal(res.json().quality_score, lead.quality_score);
    const history = (await t.request('GET', `/api/v1/leads/${lead.id}/scores`)).json().data;
    assert.deepEqual(history.map((h: { scored_by: string }) => h.scored_by), ['api', 'api']);
  });

  test("another company's buyer_id is a 404; unknown too", async () => {
    const owner = await tenant(['all']);
    const other = await tenant(['score_single']);
    const lead = (await owner.request('POST', '/api/v1/leads', leadInput())).json();
    assert.equal((await other.request('POST', '/api/v1/score', { buyer_id: lead.id })).statusCode, 404);
    assert.equal((await other.request('POST', '/api/v1/score', { buyer_id: '00000000-0000-4000-8000-000000000000' })).statusCode, 404);
    assert.equal((await owner.request('GET', `/api/v1/leads/${lead.id}/scores`)).json().data.length, 1, 'no history written');
  });

  test('400: neither or both of lead and buyer_id, bad fields, unknown fields', async () => {
    const t = await tenant(['score_single']);
    for (const body of [{}, { lead: JAMES, buyer_id: '00000000-0000-4000-8000-000000000000' }, { lead: { email: 'x@example.com' } }, { lead: { ...JAMES, quality_score: 1 } }, { buyer_id: 'nope' }, { leads: [JAMES] }]) {
      const res = await t.request('POST', '/api/v1/score', body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(res.json().error.code, 'INVALID_REQUEST');
    }
  });

  test('403 without score_single', async () => {
    const t = await tenant(['score_batch', 'leads_read']);
    assert.equal((await t.request('POST', '/api/v1/score', { lead: JAMES })).statusCode, 403);
  });
});

describe('POST /api/v1/score/batch', () => {
  test('a mixed batch: good items scored, each bad item fails alone with its own error', async () => {
    const t = await tenant(['score_batch']);
    const res = await t.request('POST', '/api/v1/score/batch', {
      leads: [JAMES, { full_name: 'No Budget', bedrooms: 'two' }, { full_name: 'Lead Two', email: 'two@example.com', budget: '300000', timeline: '6 months' }, 'not a lead'],
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual([body.total, body.scored, body.failed], [4, 2, 2]);
    assert.deepEqual(body.results.map((r: { index: number }) => r.index), [0, 1, 2, 3]);
    assert.equal(body.results[0].classification, 'Hot Lead');
    assert.equal(body.results[1].error.code, 'INVALID_REQUEST');
    assert.equal(body.results[1].error.details[0].field, 'bedrooms');
    assert.equal(body.results[1].quality_score, undefined);
    assert.ok(Number.isInteger(body.results[2].quality_score));
    assert.equal(body.results[3].error.code, 'INVALID_REQUEST');
  });

  test('buyer_ids: stored leads re-scored with history (scored_by batch); foreign and unknown ids fail alone', async () => {
    const t = await tenant(['all']);
    const other = await tenant(['all']);
    const mine = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const theirs = (await other.request('POST', '/api/v1/leads', leadInput())).json();
    const body = (await t.request('POST', '/api/v1/score/batch', { buyer_ids: [mine.id, theirs.id, 'x'] })).json();
    assert.deepEqual([body.scored, body.failed], [1, 2]);
    assert.equal(body.results[0].buyer_id, mine.id);
    assert.equal(body.results[1].error.code, 'NOT_FOUND');
    assert.equal(body.results[2].error.code, 'INVALID_REQUEST');
    const history = (await t.request('GET', `/api/v1/leads/${mine.id}/scores`)).json().data;
    assert.equal(history[0].scored_by, 'batch');
    assert.equal((await other.request('GET', `/api/v1/leads/${theirs.id}/scores`)).json().data.length, 1);
  });

  test('400 for 51 items, for none, and for both lists', async () => {
    const t = await tenant(['score_batch']);
    const many = Array.from({ length: 51 }, () => JAMES);
    const over = await t.request('POST', '/api/v1/score/batch', { leads: many });
    assert.equal(over.statusCode, 400);
    assert.equal(over.json().error.details[0].field, 'leads');
    assert.equal((await t.request('POST', '/api/v1/score/batch', { leads: [] })).statusCode, 400);
    assert.equal((await t.request('POST', '/api/v1/score/batch', {})).statusCode, 400);
    assert.equal((await t.request('POST', '/api/v1/score/batch', { leads: [JAMES], buyer_ids: ['x'] })).statusCode, 400);
    assert.equal((await t.request('POST', '/api/v1/score/batch', { leads: many.slice(0, 50) })).json().scored, 50);
  });

  test('403 without score_batch', async () => {
    const t = await tenant(['score_single']);
    assert.equal((await t.request('POST', '/api/v1/score/batch', { leads: [JAMES] })).statusCode, 403);
  });
});
