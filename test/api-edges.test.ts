/** Edges an integrator meets early: bodiless DELETE, paged score history, date-only filters, phone search, developments' names and archiving. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadInput, startTestApp } from './helpers/app.ts';

const { tenant, app } = await startTestApp();

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('DELETE with a JSON content type and no body', () => {
  test('is accepted like a DELETE without one; a POST with that header and no body is still a 400', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/v1/leads/${lead.id}`,
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await t.request('GET', `/api/v1/leads/${lead.id}`)).json().status, 'Archived');
    const post = await app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
    });
    assert.equal(post.statusCode, 400);
    assert.equal(post.json().error.code, 'INVALID_REQUEST');
    const broken = await app.inject({
      method: 'DELETE',
      url: `/api/v1/leads/${lead.id}`,
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      payload: '{"half',
    });
    assert.equal(broken.statusCode, 400, 'a DELETE with a broken body is still refused');
  });
});

describe('GET /api/v1/leads/:id/scores', () => {
  test('honours limit and pages with a cursor, newest first, without repeats', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput({ budget: '300000' }))).json();
    for (const budget of ['400000', '500000', '600000', '700000']) {
      assert.equal((await t.request('PATCH', `/api/v1/leads/${lead.id}`, { budget })).statusCode, 200);
    }
    const all = (await t.request('GET', `/api/v1/leads/${lead.id}/scores`)).json();
    assert.equal(all.data.length, 5);
    assert.deepEqual(all.pagination, { nextCursor: null, hasMore: false });

    const seen: string[] = [];
    let url = `/api/v1/leads/${lead.id}/scores?limit=2`;
    for (;;) {
      const page = (await t.request('GET', url)).json();
      assert.ok(page.data.length <= 2);
      seen.push(...page.data.map((s: { id: string }) => s.id));
      if (!page.pagination.hasMore) break;
      url = `/api/v1/leads/${lead.id}/scores?limit=2&cursor=${encodeURIComponent(page.pagination.nextCursor)}`;
    }
    assert.deepEqual(seen, all.data.map((s: { id: string }) => s.id));
    const one = (await t.request('GET', `/api/v1/leads/${lead.id}/scores?limit=1`)).json();
    assert.equal(one.data.length, 1);
    assert.equal(one.data[0].id, all.data[0].id);
    assert.equal((await t.request('GET', `/api/v1/leads/${lead.id}/scores?limit=0`)).statusCode, 400);
    assert.equal((await t.request('GET', `/api/v1/leads/${lead.id}/scores?cursor=nonsense`)).json().error.details[0].field, 'cursor');
  });
});

describe('plain dates in time filters', () => {
  test('created_from / created_to and stats from / to take YYYY-MM-DD as whole UTC days', async () => {
    const t = await tenant();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    const ids = async (query: string) => {
      const res = await t.request('GET', `/api/v1/leads?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return { ids: res.json().data.map((l: { id: string }) => l.id), total: res.json().meta.total };
    };
    // A lead made now is inside "today" at both ends: `to` means the end of the day, not its start.
    assert.deepEqual(await ids(`created_from=${day(0)}&created_to=${day(0)}`), { ids: [lead.id], total: 1 });
    assert.deepEqual(await ids(`created_to=${day(-1)}`), { ids: [], total: 0 });
    assert.deepEqual(await ids(`created_from=${day(1)}`), { ids: [], total: 0 });
    const cursorMode = (await t.request('GET', `/api/v1/leads?limit=5&created_to=${day(0)}`)).json();
    assert.deepEqual(cursorMode.data.map((l: { id: string }) => l.id), [lead.id]);

    const stats = async (query: string) => (await t.request('GET', `/api/v1/stats?${query}`)).json().total_leads;
    assert.equal(await stats(`from=${day(0)}&to=${day(0)}`), 1);
    assert.equal(await stats(`to=${day(-1)}`), 0);
    assert.equal(await stats(`from=${day(1)}`), 0);

    for (const bad of ['2026-02-30', '2026-13-01', '01-12-2026', '2026-12-01T25:00:00Z']) {
      const res = await t.request('GET', `/api/v1/leads?created_from=${bad}`);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().error.details[0].field, 'created_from', bad);
    }
  });
});

describe('search by phone number', () => {
  test('matches however the number was written or searched: spaces, E.164, 0044, national, a fragment', async () => {
    const t = await tenant();
    const spaced = (await t.request('POST', '/api/v1/leads', leadInput({ phone: '+44 7700 900123' }))).json();
    const national = (await t.request('POST', '/api/v1/leads', leadInput({ phone: '(07700) 900-124' }))).json();
    await t.request('POST', '/api/v1/leads', leadInput({ phone: '+44 20 7946 0999', full_name: 'Other Person' }));
    const ids = async (search: string) =>
      (await t.request('GET', `/api/v1/leads?search=${encodeURIComponent(search)}`)).json().data.map((l: { id: string }) => l.id).sort();
    for (const search of ['+447700900123', '07700 900123', '0044 7700 900123', '7700900123']) {
      assert.deepEqual(await ids(search), [spaced.id], search);
    }
    assert.deepEqual(await ids('+44 7700 900124'), [national.id]);
    assert.deepEqual(await ids('900 12'), [spaced.id, national.id].sort(), 'a fragment of digits');
    assert.deepEqual(await ids('123'), [], 'three digits are not a phone search');
    assert.deepEqual((await t.request('GET', '/api/v1/leads?search=7700900123&page=1')).json().meta.total, 1);
  });
});

describe('developments: unique names and archiving', () => {
  test('a second live development with the same name (any case) is a 409 naming the first', async () => {
    const t = await tenant();
    const first = (await t.request('POST', '/api/v1/developments', { name: 'Canal Wharf' })).json();
    const again = await t.request('POST', '/api/v1/developments', { name: '  canal WHARF ' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'CONFLICT');
    assert.equal(again.json().error.existing_id, first.id);
    assert.match(again.json().error.message, /Canal Wharf/);
    const other = (await t.request('POST', '/api/v1/developments', { name: 'Mill Yard' })).json();
    const rename = await t.request('PATCH', `/api/v1/developments/${other.id}`, { name: 'CANAL wharf' });
    assert.equal(rename.statusCode, 409);
    assert.equal(rename.json().error.existing_id, first.id);
    assert.equal((await t.request('PATCH', `/api/v1/developments/${first.id}`, { name: 'Canal Wharf', location: 'Leeds' })).statusCode, 200, 'keeping its own name is no conflict');
    assert.equal((await t.request('GET', '/api/v1/developments')).json().data.length, 2, 'nothing was created');
    const elsewhere = await tenant();
    assert.equal((await elsewhere.request('POST', '/api/v1/developments', { name: 'Canal Wharf' })).statusCode, 201, 'names are per company');
  });

  test('concurrent creates with one name: exactly one wins', async () => {
    const t = await tenant();
    const results = await Promise.all(Array.from({ length: 4 }, () => t.request('POST', '/api/v1/developments', { name: 'Race Court' })));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409]);
  });

  test('archiving keeps the development readable, takes it out of lists unless asked, and frees its name', async () => {
    const t = await tenant();
    const dev = (await t.request('POST', '/api/v1/developments', { name: 'Old Mill' })).json();
    const kept = (await t.request('POST', '/api/v1/developments', { name: 'New Mill' })).json();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput({ development_id: dev.id }))).json();
    const archived = await app.inject({
      method: 'DELETE',
      url: `/api/v1/developments/${dev.id}`,
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
    });
    assert.equal(archived.statusCode, 200, archived.body);
    assert.ok(archived.json().archived_at);
    const again = (await t.request('DELETE', `/api/v1/developments/${dev.id}`)).json();
    assert.equal(again.archived_at, archived.json().archived_at, 'archiving twice keeps the first time');

    assert.deepEqual((await t.request('GET', '/api/v1/developments')).json().data.map((d: { id: string }) => d.id), [kept.id]);
    const all = (await t.request('GET', '/api/v1/developments?include_archived=true')).json().data;
    assert.deepEqual(all.map((d: { id: string }) => d.id), [kept.id, dev.id]);
    assert.equal((await t.request('GET', `/api/v1/developments/${dev.id}`)).json().archived_at, archived.json().archived_at);
    assert.equal((await t.request('GET', `/api/v1/leads/${lead.id}`)).json().development_id, dev.id, 'its leads keep it');
    assert.equal((await t.request('POST', '/api/v1/developments', { name: 'Old Mill' })).statusCode, 201, 'the name is free again');

    const stranger = await tenant();
    assert.equal((await stranger.request('DELETE', `/api/v1/developments/${kept.id}`)).statusCode, 404);
    assert.equal((await t.request('GET', `/api/v1/developments/${kept.id}`)).json().archived_at, null);
    const reader = await t.newKey(['developments_read']);
    const refused = await app.inject({ method: 'DELETE', url: `/api/v1/developments/${kept.id}`, headers: { authorization: `Bearer ${reader}` } });
    assert.equal(refused.statusCode, 403);
  });
});
