/**
 * The public Typeform webhook under attack: a delivery is held to size limits before any text is
 * matched, the lead it makes to the same schema as POST /leads, each client's accepted submissions
 * to an hourly cap, and a client may refuse unsigned deliveries altogether.
 */
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { jobs, leads } from '../src/db/schema/index.ts';
import { PROCESS_SUBMISSION } from '../src/leadscoring/jobs.ts';
import { TYPEFORM_LIMITS } from '../src/leadscoring/schemas.ts';
import { startTestApp } from './helpers/app.ts';
import { buyerDelivery, postDelivery } from './helpers/typeform.ts';

const { app, tenant, database } = await startTestApp();
const submissionJobs = (companyId: string) =>
  database.db.select().from(jobs).where(and(eq(jobs.kind, PROCESS_SUBMISSION), eq(jobs.companyId, companyId)));

/** The attack that froze the API: a huge question title of repeated "where", many answers to it. */
function whereAttack(clientId: string, titleBytes: number, answers: number) {
  const d = buyerDelivery(clientId);
  const fields = d.form_response.definition.fields;
  fields.push({ id: 'attack', title: 'where '.repeat(Math.ceil(titleBytes / 6)), type: 'short_text', ref: '9f0e5b8d-2a1c-4e44-8b8e-3f1c2a9e7c55' });
  for (let i = 0; i < answers; i++) d.form_response.answers.push({ type: 'text', text: 'x', field: { id: 'attack', type: 'short_text' } } as never);
  return d;
}

describe('the "where" attack', () => {
  test('a 250 KB title of repeated "where" with several answers to it: refused before matching, and the event loop never stalls', async () => {
    const t = await tenant();
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const res = await postDelivery(app, whereAttack(t.companyId, 250_000, 3));
    histogram.disable();
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().message_code, 'LIMIT_EXCEEDED');
    assert.match(res.json().message, /title/);
    assert.equal((await submissionJobs(t.companyId)).length, 0);
    // Before the fix this one request blocked the loop for seconds; now it costs a few milliseconds.
    assert.ok(histogram.max / 1e6 < 1000, `the longest event-loop stall was ${Math.round(histogram.max / 1e6)} ms`);
  });

  test('the largest title allowed, answered by the most answers allowed, is still accepted', async () => {
    const t = await tenant();
    const room = TYPEFORM_LIMITS.answers - buyerDelivery(t.companyId).form_response.answers.length;
    const d = whereAttack(t.companyId, TYPEFORM_LIMITS.title - 6, room);
    const res = await postDelivery(app, d);
    assert.equal(res.statusCode, 200, res.body);
  });
});

describe('a delivery is held to size limits first', () => {
  const cases: [string, (d: ReturnType<typeof buyerDelivery>) => void, RegExp][] = [
    ['101 answers', (d) => { while (d.form_response.answers.length <= TYPEFORM_LIMITS.answers) d.form_response.answers.push({ type: 'number', number: 1, field: { id: 'n' } } as never); }, /answers/],
    ['a 5,001-character text answer', (d) => { (d.form_response.answers[0] as { text: string }).text = 'x'.repeat(5001); }, /answers\.0\.text/],
    ['a 256-character field ref', (d) => { d.form_response.definition.fields[0]!.ref = 'r'.repeat(256); }, /fields\.0\.ref/],
    ['51 hidden fields', (d) => { for (let i = 0; i < 51; i++) (d.form_response.hidden as Record<string, string>)[`h${i}`] = 'v'; }, /hidden/],
    ['a 501-character hidden value', (d) => { (d.form_response.hidden as Record<string, string>).utm_source = 'u'.repeat(501); }, /hidden/],
  ];
  for (const [name, spoil, field] of cases) {
    test(`${name}: 400 LIMIT_EXCEEDED naming it, nothing queued`, async () => {
      const t = await tenant();
      const d = buyerDelivery(t.companyId);
      spoil(d);
      const res = await postDelivery(app, d);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().message_code, 'LIMIT_EXCEEDED');
      assert.match(res.json().message, field);
      assert.equal((await submissionJobs(t.companyId)).length, 0);
    });
  }
});

describe('the lead a submission makes meets the same schema as POST /leads', () => {
  const cases: [string, (d: ReturnType<typeof buyerDelivery>) => void, RegExp][] = [
    ['a 300-character name', (d) => { (d.form_response.answers[0] as { text: string }).text = 'S'.repeat(300); }, /full_name/],
    ['a 41-character phone', (d) => { (d.form_response.answers[3] as { phone_number: string }).phone_number = '+44'.padEnd(41, '7'); }, /phone/],
    ['a 201-character location', (d) => { (d.form_response.answers[9] as { text: string }).text = 'L'.repeat(201); }, /location/],
    ['over 32 KiB of other answers (attributes)', (d) => {
      for (let i = 0; i < 10; i++) d.form_response.answers.push({ type: 'text', text: 'a'.repeat(4000), field: { id: `extra${i}`, ref: `extra_${i}` } } as never);
    }, /attributes must be at most 32768 bytes/],
  ];
  for (const [name, spoil, field] of cases) {
    test(`${name}: 400 INVALID_LEAD naming the field, nothing queued or stored`, async () => {
      const t = await tenant();
      const d = buyerDelivery(t.companyId);
      spoil(d);
      const res = await postDelivery(app, d);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().message_code, 'INVALID_LEAD');
      assert.match(res.json().message, field);
      assert.equal((await submissionJobs(t.companyId)).length, 0);
      assert.equal((await database.db.select().from(leads).where(eq(leads.companyId, t.companyId))).length, 0);
    });
  }
});

describe("each client's accepted submissions are capped per hour", () => {
  test('past max_submissions_per_hour: 429 with Retry-After, not queued; replays and refusals never count', async () => {
    const t = await tenant();
    const put = await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { max_submissions_per_hour: 2 });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().data.max_submissions_per_hour, 2);
    const first = buyerDelivery(t.companyId);
    assert.equal((await postDelivery(app, first)).statusCode, 200);
    assert.equal((await postDelivery(app, first)).statusCode, 200, 'a replay is answered 200…');
    assert.equal((await postDelivery(app, buyerDelivery(t.companyId))).statusCode, 200, '…and did not use up the cap');
    for (let i = 0; i < 2; i++) {
      const over = await postDelivery(app, buyerDelivery(t.companyId));
      assert.equal(over.statusCode, 429, over.body);
      assert.equal(over.json().message_code, 'SUBMISSION_LIMIT');
      const wait = Number(over.headers['retry-after']);
      assert.ok(wait >= 1 && wait <= 3600, `Retry-After ${wait}`);
    }
    assert.equal((await submissionJobs(t.companyId)).length, 2);
    const other = await tenant();
    assert.equal((await postDelivery(app, buyerDelivery(other.companyId))).statusCode, 200, 'other clients have their own count');
  });

  test('the cap is refused outside 1…100000', async () => {
    const t = await tenant();
    for (const bad of [0, 100_001, 1.5]) {
      assert.equal((await t.request('PUT', `/api/v1/leadscoring/settings/${t.companyId}`, { max_submissions_per_hour: bad })).statusCode, 400);
    }
  });
});

describe('require_signature', () => {
  test('needs a secret; with it, an unsigned delivery is 401 and a signed one accepted', async () => {
    const t = await tenant();
    const url = `/api/v1/leadscoring/settings/${t.companyId}`;
    const alone = await t.request('PUT', url, { require_signature: true });
    assert.equal(alone.statusCode, 400, alone.body);
    assert.match(alone.json().message, /require_signature needs a typeform_secret/);
    const both = await t.request('PUT', url, { require_signature: true, typeform_secret: 'tf-secret' });
    assert.equal(both.statusCode, 200, both.body);
    assert.equal(both.json().data.require_signature, true);
    assert.equal((await t.request('PUT', url, { typeform_secret: null })).statusCode, 400, 'the secret cannot be removed while required');
    assert.equal((await postDelivery(app, buyerDelivery(t.companyId))).statusCode, 401);
    assert.equal((await postDelivery(app, buyerDelivery(t.companyId), { secret: 'tf-secret' })).statusCode, 200);
  });
});

describe('client ids in either case', () => {
  test('an upper-case client_id works on the Lead Scoring GET and settings routes as on every other route', async () => {
    const t = await tenant();
    const upper = t.companyId.toUpperCase();
    assert.equal((await t.request('GET', `/api/v1/leadscoring/settings/${upper}`)).statusCode, 200);
    const put = await t.request('PUT', `/api/v1/leadscoring/settings/${upper}`, { fb_capi_fin: 0.55 });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal((await t.request('GET', `/api/v1/leadscoring/settings/${t.companyId}`)).json().data.fb_capi_fin, 0.55);
    const get = await t.request('GET', `/api/v1/leadscoring?client_id=${upper}&email=nobody@example.com`);
    assert.equal(get.statusCode, 200, get.body);
    assert.equal(get.json().data, null);
  });
});
