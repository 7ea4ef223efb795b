import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { leadInput, startTestApp } from './helpers/app.ts';

const { tenant } = await startTestApp();

describe('GET /api/v1/leads', () => {
  test('page mode: newest first with meta', async () => {
    const t = await tenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.request('POST', '/api/v1/leads', leadInput())).json().id);
    const res = await t.request('GET', '/api/v1/leads?page=2&per_page=2');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.meta, { page: 2, per_page: 2, total: 5, total_pages: 3 });
    assert.deepEqual(body.data.map((l: { id: string }) => l.id), [ids[2], ids[1]]);
    assert.equal(body.data[0].score_breakdown, undefined, 'lists leave the breakdown out');
  });

  test('filters: classification, status, source, category, development, dates and search', async () => {
    const t = await tenant();
    const hot = (await t.request('POST', '/api/v1/leads', leadInput({ full_name: 'Olivia Hotbuyer', payment_method: 'cash', timeline: 'immediate', budget: '900000', source: 'Rightmove' }))).json();
    const agency = (await t.request('POST', '/api/v1/leads', leadInput({ category: 'AGENCY', source: 'Zoopla', email: 'agent.smith@agency.co.uk' }))).json();
    const created = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    // A booked viewing re-scores the lead, so its classification is the one PATCH answers with.
    const viewing = (await t.request('PATCH', `/api/v1/leads/${created.id}`, { status: 'Viewing Booked' })).json();
    const ids = async (query: string) =>
      (await t.request('GET', `/api/v1/leads?${query}`)).json().data.map((l: { id: string }) => l.id).sort();

    assert.deepEqual(await ids(`classification=${encodeURIComponent(hot.classification)}`), [hot.id].concat(
      [agency, viewing].filter((l) => l.classification === hot.classification).map((l) => l.id)).sort());
    assert.deepEqual(await ids('status=Viewing%20Booked'), [viewing.id]);
    assert.deepEqual(await ids('source=rightmove'), [hot.id]);
    assert.deepEqual(await ids('category=AGENCY'), [agency.id]);
    assert.deepEqual(await ids('search=HOTBUYER'), [hot.id]);
    assert.deepEqual(await ids('search=agency.co'), [agency.id]);
    assert.deepEqual(await ids('search=100%25'), []);
    assert.deepEqual(await ids(`created_from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), []);
    assert.equal((await ids(`created_to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).length, 3);
    assert.deepEqual(await ids('development_id=00000000-0000-4000-8000-000000000000'), []);
  });

  test('400 for bad query parameters', async () => {
    const t = await tenant();
    for (const query of ['per_page=101', 'per_page=0', 'page=0', 'status=Maybe', 'classification=Warm', 'created_from=yesterday', 'cursor=abc', 'limit=5&page=2', 'colour=red']) {
      const res = await t.request('GET', `/api/v1/leads?${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.equal(res.json().error.code, 'INVALID_REQUEST');
    }
  });

  test('cursor mode visits every lead exactly once while new leads arrive between pages', async () => {
    const t = await tenant();
    const original = new Set<string>();
    for (let i = 0; i < 23; i++) original.add((await t.request('POST', '/api/v1/leads', leadInput())).json().id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/leads?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body = (await t.request('GET', url)).json();
      seen.push(...body.data.map((l: { id: string }) => l.id));
      cursor = body.pagination.nextCursor;
      assert.equal(body.pagination.hasMore, cursor !== null);
      // Two newcomers per page: they are newer than the cursor, so they never appear later.
      await t.request('POST', '/api/v1/leads', leadInput());
      await t.request('POST', '/api/v1/leads', leadInput());
      pages++;
    } while (cursor && pages < 20);
    assert.equal(pages, 5);
    assert.equal(seen.length, original.size, 'no lead twice');
    assert.deepEqual(new Set(seen), original, 'every original lead once');
  });
});
