import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.ts';
import { events } from '../src/db/schema/index.ts';
import { leadInput, startTestApp } from './helpers/app.ts';

const { tenant, database } = await startTestApp();

/** What a company has stored in every table a lead write touches. */
async function storedCounts(companyId: string) {
  const [row] = await queryRows<Record<string, number>>(database.db, sql`select
    (select count(*)::int from leads where company_id = ${companyId}) as leads,
    (select count(*)::int from lead_scores where company_id = ${companyId}) as scores,
    (select count(*)::int from events where company_id = ${companyId}) as events,
    (select coalesce(sum(leads), 0)::int from lead_daily_rollups where company_id = ${companyId}) as daily,
    (select coalesce(sum(leads), 0)::int from lead_rollup_totals where company_id = ${companyId}) as totals`);
  return row!;
}

/** Makes every insert of `companyId`'s rows into `table` fail, as a full disk or a bug would, while `run` runs. */
async function failingInsertsInto<T>(table: string, companyId: string, run: () => Promise<T>): Promise<T> {
  const trigger = sql.identifier(`fail_${table}_${companyId.slice(0, 8)}`);
  await database.db.execute(sql`create or replace function fail_insert() returns trigger language plpgsql
    as $$ begin raise exception 'injected failure on %', tg_table_name; end $$`);
  await database.db.execute(sql`create trigger ${trigger} before insert on ${sql.identifier(table)}
    for each row when (new.company_id = ${sql.raw(`'${companyId}'`)}) execute function fail_insert()`);
  try {
    return await run();
  } finally {
    await database.db.execute(sql`drop trigger ${trigger} on ${sql.identifier(table)}`);
  }
}

describe('POST /api/v1/leads', () => {
  test('creates, scores and stores a lead, answering 201 with the breakdown', async () => {
    const t = await tenant();
    const res = await t.request('POST', '/api/v1/leads', {
      full_name: 'James Wilson', email: 'james@buyer.com', phone: '+44 7700 900001',
      budget: '1200000', payment_method: 'cash', timeline: '28 days', source: 'Rightmove',
    });
    assert.equal(res.statusCode, 201, res.body);
    const lead = res.json();
    assert.match(lead.id, /^[0-9a-f-]{36}$/);
    assert.equal(lead.status, 'Contact Pending');
    assert.equal(lead.classification, 'Hot Lead');
    assert.equal(lead.is_28_day_buyer, true);
    assert.equal(lead.call_priority, 1);
    assert.equal(typeof lead.score_breakdown, 'object');
    assert.ok(Date.parse(lead.created_at));
    const got = await t.request('GET', `/api/v1/leads/${lead.id}`);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), lead);
  });

  test('records lead.created and lead.scored in the outbox with the lead', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const rows = await database.db.select().from(events).where(eq(events.companyId, t.companyId));
    assert.deepEqual(rows.map((r) => r.type).sort(), ['lead.created', 'lead.scored']);
    const created = rows.find((r) => r.type === 'lead.created')!;
    assert.equal((created.data.lead as { id: string }).id, lead.id);
  });

  test('accepts a phone instead of an email, and a numeric budget', async () => {
    const t = await tenant();
    const res = await t.request('POST', '/api/v1/leads', { full_name: 'Phone Only', phone: '+44 7911 123456', budget: 450000 });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().budget, '450000');
    assert.equal(res.json().email, null);
  });

  test('409 on an existing live lead with the same email, whatever its case, naming that lead', async () => {
    const t = await tenant();
    const first = (await t.request('POST', '/api/v1/leads', leadInput({ email: 'Dup@Example.com' }))).json();
    const res = await t.request('POST', '/api/v1/leads', leadInput({ email: 'dup@example.COM' }));
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, 'CONFLICT');
    assert.equal(res.json().error.existing_lead_id, first.id);
    assert.match(res.json().error.message, new RegExp(first.id));
  });

  test('the same email in another company is not a duplicate', async () => {
    const a = await tenant();
    const b = await tenant();
    assert.equal((await a.request('POST', '/api/v1/leads', leadInput({ email: 'shared@example.com' }))).statusCode, 201);
    assert.equal((await b.request('POST', '/api/v1/leads', leadInput({ email: 'shared@example.com' }))).statusCode, 201);
  });

  test('an archived lead does not block a new lead with its email', async () => {
    const t = await tenant();
    const first = (await t.request('POST', '/api/v1/leads', leadInput({ email: 'again@example.com' }))).json();
    assert.equal((await t.request('DELETE', `/api/v1/leads/${first.id}`)).statusCode, 200);
    assert.equal((await t.request('POST', '/api/v1/leads', leadInput({ email: 'again@example.com' }))).statusCode, 201);
  });

  test('concurrent creates with one email: one 201, every other a 409 naming it, and one lead stored', async () => {
    const t = await tenant();
    const results = await Promise.all([1, 2, 3, 4].map((i) => t.request('POST', '/api/v1/leads', leadInput({ email: i % 2 ? 'race@example.com' : 'RACE@example.com' }))));
    const created = results.filter((r) => r.statusCode === 201);
    assert.equal(created.length, 1, results.map((r) => `${r.statusCode} ${r.body}`).join('\n'));
    const id = created[0]!.json().id;
    for (const res of results.filter((r) => r !== created[0])) {
      assert.equal(res.statusCode, 409, res.body);
      assert.equal(res.json().error.existing_lead_id, id);
    }
    assert.deepEqual(await storedCounts(t.companyId), { leads: 1, scores: 1, events: 2, daily: 1, totals: 1 });
  });

  for (const table of ['lead_scores', 'events', 'lead_daily_rollups', 'lead_rollup_totals']) {
    test(`a failure writing ${table} stores nothing of the lead`, async () => {
      const t = await tenant();
      const res = await failingInsertsInto(table, t.companyId, () => t.request('POST', '/api/v1/leads', leadInput({ email: 'atomic@example.com' })));
      assert.equal(res.statusCode, 500, res.body);
      assert.deepEqual(await storedCounts(t.companyId), { leads: 0, scores: 0, events: 0, daily: 0, totals: 0 });
      assert.equal((await t.request('POST', '/api/v1/leads', leadInput({ email: 'atomic@example.com' }))).statusCode, 201, 'nothing half-saved blocks the retry');
    });
  }

  const invalidCases: [string, Record<string, unknown>, string][] = [
    ['missing full_name', { email: 'a@example.com' }, 'full_name'],
    ['empty full_name', { full_name: '', email: 'a@example.com' }, 'full_name'],
    ['neither email nor phone', { full_name: 'No Contact' }, 'email'],
    ['bad email', { full_name: 'A', email: 'not-an-email' }, 'email'],
    ['bedrooms not an integer', { full_name: 'A', email: 'b@example.com', bedrooms: 'two' }, 'bedrooms'],
    ['negative bedrooms', { full_name: 'A', email: 'b@example.com', bedrooms: -1 }, 'bedrooms'],
    ['unknown category', { full_name: 'A', email: 'b@example.com', category: 'SELLER' }, 'category'],
    ['bad development_id', { full_name: 'A', email: 'b@example.com', development_id: 'abc' }, 'development_id'],
    ['unknown development', { full_name: 'A', email: 'b@example.com', development_id: '00000000-0000-4000-8000-000000000000' }, 'development_id'],
    ['utm not an object', { full_name: 'A', email: 'b@example.com', utm: 'x' }, 'utm'],
    ['name too long', { full_name: 'x'.repeat(201), email: 'b@example.com' }, 'full_name'],
    ['read-only quality_score', { full_name: 'A', email: 'b@example.com', quality_score: 99 }, 'quality_score'],
    ['read-only company_id', { full_name: 'A', email: 'b@example.com', company_id: '00000000-0000-4000-8000-000000000000' }, 'company_id'],
    ['status is not settable on create', { full_name: 'A', email: 'b@example.com', status: 'Sold' }, 'status'],
    ['unknown field', { full_name: 'A', email: 'b@example.com', favourite_colour: 'blue' }, 'favourite_colour'],
  ];
  for (const [name, body, field] of invalidCases) {
    test(`400 naming the field: ${name}`, async () => {
      const t = await tenant();
      const res = await t.request('POST', '/api/v1/leads', body);
      assert.equal(res.statusCode, 400, res.body);
      const error = res.json().error;
      assert.equal(error.code, 'INVALID_REQUEST');
      assert.ok(error.details.some((d: { field: string }) => d.field === field), `details name ${field}: ${res.body}`);
      const list = (await t.request('GET', '/api/v1/leads')).json();
      assert.equal(list.meta.total, 0, 'a refused lead is not stored');
    });
  }

  test('read-only fields are called read-only', async () => {
    const t = await tenant();
    const res = await t.request('POST', '/api/v1/leads', { full_name: 'A', email: 'c@example.com', quality_score: 99 });
    assert.deepEqual(res.json().error.details, [{ field: 'quality_score', message: 'quality_score is read-only' }]);
  });
});

describe('PATCH /api/v1/leads/:id', () => {
  test('a change to a scoring input re-scores, writes history and emits lead.scored', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput({ payment_method: 'mortgage', timeline: '6-12 months' }))).json();
    const res = await t.request('PATCH', `/api/v1/leads/${lead.id}`, { payment_method: 'cash', timeline: 'immediate' });
    assert.equal(res.statusCode, 200, res.body);
    const updated = res.json();
    assert.equal(updated.payment_method, 'cash');
    assert.ok(updated.intent_score > lead.intent_score, 'a sooner timeline raised intent');
    assert.ok(Date.parse(updated.scored_at) >= Date.parse(lead.scored_at));
    const history = (await t.request('GET', `/api/v1/leads/${lead.id}/scores`)).json().data;
    assert.equal(history.length, 2);
    assert.deepEqual(history.map((h: { scored_by: string }) => h.scored_by), ['rescore', 'api']);
    assert.equal(history[0].intent_score, updated.intent_score);
    const scored = await database.db.select().from(events).where(eq(events.companyId, t.companyId));
    assert.equal(scored.filter((e) => e.type === 'lead.scored').length, 2);
  });

  test('a failure writing the history row leaves the lead, its events and the rollup as they were', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput({ timeline: '3 months' }))).json();
    const before = await storedCounts(t.companyId);
    const res = await failingInsertsInto('lead_scores', t.companyId, () => t.request('PATCH', `/api/v1/leads/${lead.id}`, { timeline: 'immediate', status: 'Contacted' }));
    assert.equal(res.statusCode, 500, res.body);
    assert.deepEqual(await storedCounts(t.companyId), before);
    assert.deepEqual((await t.request('GET', `/api/v1/leads/${lead.id}`)).json(), lead);
  });

  test('a change that does not touch scoring inputs does not re-score', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const res = await t.request('PATCH', `/api/v1/leads/${lead.id}`, { notes: 'Called, left voicemail' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().notes, 'Called, left voicemail');
    assert.equal(res.json().scored_at, lead.scored_at);
    assert.equal((await t.request('GET', `/api/v1/leads/${lead.id}/scores`)).json().data.length, 1);
  });

  test('a status change emits lead.status_changed with old and new status', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const res = await t.request('PATCH', `/api/v1/leads/${lead.id}`, { status: 'Viewing Booked' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'Viewing Booked');
    const rows = await database.db.select().from(events).where(eq(events.companyId, t.companyId));
    const changed = rows.filter((e) => e.type === 'lead.status_changed');
    assert.equal(changed.length, 1);
    assert.equal(changed[0]!.data.old_status, 'Contact Pending');
    assert.equal(changed[0]!.data.new_status, 'Viewing Booked');
  });

  test('400 for an unknown status, an empty body, a read-only field; 409 for a taken email', async () => {
    const t = await tenant();
    const a = (await t.request('POST', '/api/v1/leads', leadInput({ email: 'a.taken@example.com' }))).json();
    const b = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    assert.equal((await t.request('PATCH', `/api/v1/leads/${b.id}`, { status: 'Maybe' })).statusCode, 400);
    assert.equal((await t.request('PATCH', `/api/v1/leads/${b.id}`, {})).statusCode, 400);
    const ro = await t.request('PATCH', `/api/v1/leads/${b.id}`, { classification: 'Hot Lead' });
    assert.equal(ro.statusCode, 400);
    assert.equal(ro.json().error.details[0].field, 'classification');
    const dup = await t.request('PATCH', `/api/v1/leads/${b.id}`, { email: 'A.TAKEN@example.com' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().error.existing_lead_id, a.id);
    const after = (await t.request('GET', `/api/v1/leads/${b.id}`)).json();
    assert.equal(after.email, b.email, 'a refused change changes nothing');
    assert.equal(after.status, 'Contact Pending');
  });
});

describe('DELETE /api/v1/leads/:id', () => {
  test('archives: gone from default lists, kept and listed with status=Archived', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const res = await t.request('DELETE', `/api/v1/leads/${lead.id}`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { message: 'Lead archived successfully' });
    assert.equal((await t.request('GET', '/api/v1/leads')).json().meta.total, 0);
    const archived = (await t.request('GET', '/api/v1/leads?status=Archived')).json();
    assert.deepEqual(archived.data.map((l: { id: string }) => l.id), [lead.id]);
    assert.equal((await t.request('GET', `/api/v1/leads/${lead.id}`)).json().status, 'Archived');
  });
});

describe('tenancy', () => {
  test("another company's lead is a 404 for get, patch, delete and history, and never listed", async () => {
    const owner = await tenant();
    const other = await tenant();
    const lead = (await owner.request('POST', '/api/v1/leads', leadInput())).json();
    for (const [method, url, body] of [
      ['GET', `/api/v1/leads/${lead.id}`],
      ['PATCH', `/api/v1/leads/${lead.id}`, { status: 'Lost' }],
      ['DELETE', `/api/v1/leads/${lead.id}`],
      ['GET', `/api/v1/leads/${lead.id}/scores`],
    ] as const) {
      const res = await other.request(method, url, body);
      assert.equal(res.statusCode, 404, `${method} ${url}`);
      assert.equal(res.json().error.code, 'NOT_FOUND');
    }
    const list = (await other.request('GET', `/api/v1/leads?search=${encodeURIComponent(lead.email)}`)).json();
    assert.equal(list.meta.total, 0);
    assert.equal((await owner.request('GET', `/api/v1/leads/${lead.id}`)).json().status, 'Contact Pending');
  });

  test('an unknown lead id is a 404, a malformed one a 400', async () => {
    const t = await tenant();
    assert.equal((await t.request('GET', '/api/v1/leads/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    const bad = await t.request('GET', '/api/v1/leads/not-a-uuid');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].field, 'id');
  });
});
