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
    const viewing = (await t.request('POST', '/api/v1/leads', leadInput())).json();
    await t.request('PATCH', `/api/v1/leads/${viewing.id}`, { status: 'Viewing Booked' });
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

describe('GET /api/v1/leads: the call list and score orders', () => {
  // Three kinds of buyer whose classifications differ, so call priority and scores differ.
  const hot = () => leadInput({ payment_method: 'cash', timeline: 'immediate', budget: '900000' });
  const cold = () => leadInput({ payment_method: null, timeline: 'just browsing', budget: null, phone: null });
  const middling = () => leadInput();

  async function seed(t: Awaited<ReturnType<typeof tenant>>) {
    const made: Record<string, unknown>[] = [];
    for (const input of [cold(), hot(), middling(), hot(), cold(), middling(), hot()]) {
      made.push((await t.request('POST', '/api/v1/leads', input)).json());
    }
    return made as { id: string; call_priority: number; quality_score: number; is_28_day_buyer: boolean; probabilities: { p_sql: number }; created_at: string }[];
  }

  test('sort=call_priority: most urgent first, then the longest waiting, in both page and cursor mode', async () => {
    const t = await tenant();
    const made = await seed(t);
    assert.ok(new Set(made.map((l) => l.call_priority)).size >= 2, 'the seed spans priorities');
    // Creation order is age order: the earlier in `made`, the longer it has waited.
    const expected = made
      .map((l, i) => ({ ...l, i }))
      .sort((a, b) => a.call_priority - b.call_priority || a.i - b.i)
      .map((l) => l.id);
    const page = (await t.request('GET', '/api/v1/leads?sort=call_priority&per_page=100')).json();
    assert.deepEqual(page.data.map((l: { id: string }) => l.id), expected);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body: { data: { id: string }[]; pagination: { nextCursor: string | null } } = (await t.request('GET', `/api/v1/leads?sort=call_priority&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
      seen.push(...body.data.map((l: { id: string }) => l.id));
      cursor = body.pagination.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, expected, 'cursor pages join up in the same order');
  });

  test('score and probability orders run highest first and page without gaps or repeats', async () => {
    const t = await tenant();
    const made = await seed(t);
    for (const [sort, value] of [
      ['quality_score', (l: (typeof made)[number]) => l.quality_score],
      ['p_sql', (l: (typeof made)[number]) => l.probabilities.p_sql],
    ] as const) {
      const seen: (typeof made)[number][] = [];
      let cursor: string | null = null;
      do {
        const body: { data: (typeof made)[number][]; pagination: { nextCursor: string | null } } = (await t.request('GET', `/api/v1/leads?sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
        assert.equal(body.data.length > 0, true);
        seen.push(...body.data);
        cursor = body.pagination.nextCursor;
      } while (cursor);
      assert.equal(new Set(seen.map((l) => l.id)).size, made.length, `${sort}: every lead once`);
      const values = seen.map(value);
      assert.deepEqual(values, [...values].sort((a, b) => b - a), `${sort}: highest first`);
    }
  });

  test('filters is_28_day_buyer and call_priority; a cursor from another sort is refused', async () => {
    const t = await tenant();
    const made = await seed(t);
    const ids = async (query: string) =>
      (await t.request('GET', `/api/v1/leads?per_page=100&${query}`)).json().data.map((l: { id: string }) => l.id).sort();
    const buyers = made.filter((l) => l.is_28_day_buyer).map((l) => l.id).sort();
    assert.ok(buyers.length > 0 && buyers.length < made.length, 'the seed has 28-day buyers and others');
    assert.deepEqual(await ids('is_28_day_buyer=true'), buyers);
    assert.deepEqual(await ids('is_28_day_buyer=false'), made.filter((l) => !l.is_28_day_buyer).map((l) => l.id).sort());
    const top = Math.min(...made.map((l) => l.call_priority));
    assert.deepEqual(await ids(`call_priority=${top}`), made.filter((l) => l.call_priority === top).map((l) => l.id).sort());
    const counted = (await t.request('GET', `/api/v1/leads?call_priority=${top}`)).json().meta.total;
    assert.equal(counted, made.filter((l) => l.call_priority === top).length, 'the total counts the filter');

    const newest = (await t.request('GET', '/api/v1/leads?limit=2')).json().pagination.nextCursor;
    const res = await t.request('GET', `/api/v1/leads?sort=quality_score&limit=2&cursor=${encodeURIComponent(newest)}`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].field, 'cursor');
    for (const query of ['sort=name', 'call_priority=0', 'call_priority=6', 'is_28_day_buyer=maybe']) {
      assert.equal((await t.request('GET', `/api/v1/leads?${query}`)).statusCode, 400, query);
    }
  });
});
