import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, eq, gte, lte, ne, sql } from 'drizzle-orm';
import { leads } from '../src/db/schema/index.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { rng } from '../src/demo/generate.ts';
import { leadInput, startTestApp, type TestTenant } from './helpers/app.ts';

const { tenant, database, app } = await startTestApp();

interface Truth {
  total: number;
  byClassification: Record<string, number>;
  byStatus: Record<string, number>;
  avgQuality: number | null;
  avgIntent: number | null;
}

/** What the numbers must be, counted straight from the leads table. */
async function truth(companyId: string, f: { developmentId?: string; from?: Date; to?: Date } = {}): Promise<Truth> {
  const where = [eq(leads.companyId, companyId), ne(leads.status, 'Archived')];
  if (f.developmentId) where.push(eq(leads.developmentId, f.developmentId));
  if (f.from) where.push(gte(leads.createdAt, f.from));
  if (f.to) where.push(lte(leads.createdAt, f.to));
  const rows = await database.db
    .select({ c: leads.classification, s: leads.status, n: sql<number>`count(*)::int`, q: sql<number>`sum(${leads.qualityScore})::int`, i: sql<number>`sum(${leads.intentScore})::int` })
    .from(leads)
    .where(and(...where))
    .groupBy(leads.classification, leads.status);
  const out: Truth = { total: 0, byClassification: {}, byStatus: {}, avgQuality: null, avgIntent: null };
  let q = 0;
  let i = 0;
  for (const row of rows) {
    out.total += row.n;
    out.byClassification[row.c] = (out.byClassification[row.c] ?? 0) + row.n;
    out.byStatus[row.s] = (out.byStatus[row.s] ?? 0) + row.n;
    q += row.q;
    i += row.i;
  }
  if (out.total) {
    out.avgQuality = Math.round((q / out.total) * 10) / 10;
    out.avgIntent = Math.round((i / out.total) * 10) / 10;
  }
  return out;
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

function assertAgrees(stats: Record<string, unknown>, expected: Truth, label: string) {
  assert.equal(stats.total_leads, expected.total, `${label}: total`);
  assert.deepEqual(nonZero(stats.by_classification as Record<string, number>), expected.byClassification, `${label}: by_classification`);
  assert.deepEqual(nonZero(stats.by_status as Record<string, number>), expected.byStatus, `${label}: by_status`);
  assert.equal(stats.avg_quality_score, expected.avgQuality, `${label}: avg quality`);
  assert.equal(stats.avg_intent_score, expected.avgIntent, `${label}: avg intent`);
}

const get = async (t: TestTenant, url: string) => {
  const res = await t.request('GET', url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res.json();
};
const listTotal = async (t: TestTenant, query: string) => (await get(t, `/api/v1/leads?${query}`)).meta.total as number;

describe('GET /api/v1/stats', () => {
  test('an empty company: zeros, null averages and 30 empty days ending today', async () => {
    const t = await tenant();
    const stats = await get(t, '/api/v1/stats');
    assert.equal(stats.total_leads, 0);
    assert.equal(stats.avg_quality_score, null);
    assert.equal(stats.leads_last_7d, 0);
    assert.equal(stats.leads_last_30d, 0);
    assert.deepEqual(Object.keys(stats.by_classification), ['Hot Lead', 'Qualified', 'Needs Qualification', 'Nurture', 'Low Priority', 'Disqualified']);
    assert.equal(stats.by_status.Archived, undefined);
    assert.equal(stats.trend.length, 30);
    assert.equal(stats.trend[29].date, new Date().toISOString().slice(0, 10));
    assert.equal(stats.trend[0].date, new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10));
  });

  test('stats, lead_stats and list totals agree after creates, patches, status changes, moves and archives', async () => {
    const t = await tenant();
    const other = await tenant();
    const devA = (await t.request('POST', '/api/v1/developments', { name: 'A', price_from: 300000, price_to: 600000 })).json();
    const devB = (await t.request('POST', '/api/v1/developments', { name: 'B' })).json();
    const ids: string[] = [];
    const variants = [
      { payment_method: 'cash', timeline: 'immediate', budget: '650000' },
      { payment_method: 'mortgage', timeline: '6-12 months' },
      { payment_method: null, timeline: null, budget: null, purpose: null },
      { email: 'test@mailinator.com', full_name: 'test test' },
      { timeline: 'just browsing', budget: '150000' },
    ];
    for (let i = 0; i < 15; i++) {
      const development_id = i % 3 === 0 ? devA.id : i % 3 === 1 ? devB.id : null;
      const res = await t.request('POST', '/api/v1/leads', leadInput({ ...variants[i % variants.length], email: `agree${i}@example.com`, development_id }));
      assert.equal(res.statusCode, 201, res.body);
      ids.push(res.json().id);
    }
    await other.request('POST', '/api/v1/leads', leadInput()); // another company's lead never counts

    const check = async (label: string) => {
      const stats = await get(t, '/api/v1/stats');
      const expected = await truth(t.companyId);
      assertAgrees(stats, expected, label);
      assert.equal(await listTotal(t, ''), expected.total, `${label}: list total`);
      assert.equal(stats.leads_last_7d, expected.total, `${label}: all created this week`);
      assert.equal(stats.trend[29].leads, expected.total, `${label}: all created today`);
      for (const [c, n] of Object.entries(stats.by_classification)) {
        assert.equal(await listTotal(t, `classification=${encodeURIComponent(c)}`), n, `${label}: ${c}`);
        assert.equal(stats.trend[29].by_classification[c], n, `${label}: trend ${c}`);
      }
      for (const [s, n] of Object.entries(stats.by_status)) assert.equal(await listTotal(t, `status=${encodeURIComponent(s)}`), n, `${label}: ${s}`);
      for (const dev of [devA, devB]) {
        const devStats = (await get(t, `/api/v1/developments/${dev.id}`)).lead_stats;
        const filtered = await get(t, `/api/v1/stats?development_id=${dev.id}`);
        assertAgrees(devStats, await truth(t.companyId, { developmentId: dev.id }), `${label}: lead_stats ${dev.name}`);
        assert.deepEqual({ ...filtered, trend: undefined, leads_last_7d: undefined, leads_last_30d: undefined }, { ...devStats, trend: undefined, leads_last_7d: undefined, leads_last_30d: undefined });
        assert.equal(await listTotal(t, `development_id=${dev.id}`), devStats.total_leads, `${label}: list total ${dev.name}`);
        // The exact-count path (search is not in the rollup) must agree with the rollup path.
        assert.equal(await listTotal(t, `development_id=${dev.id}&search=%40`), devStats.total_leads, `${label}: counted ${dev.name}`);
      }
    };

    await check('after creates');
    await t.request('PATCH', `/api/v1/leads/${ids[1]}`, { payment_method: 'cash', timeline: '28 days' }); // re-score: classification and scores move
    await t.request('PATCH', `/api/v1/leads/${ids[2]}`, { status: 'Viewing Booked' });
    await t.request('PATCH', `/api/v1/leads/${ids[4]}`, { status: 'Lost' });
    await t.request('PATCH', `/api/v1/leads/${ids[0]}`, { development_id: devB.id }); // moves between developments
    await t.request('PATCH', `/api/v1/leads/${ids[5]}`, { notes: 'no scoring input changed' });
    await check('after patches');
    await t.request('DELETE', `/api/v1/leads/${ids[3]}`);
    await t.request('DELETE', `/api/v1/leads/${ids[6]}`);
    await t.request('PATCH', `/api/v1/leads/${ids[6]}`, { status: 'Contacted' }); // un-archived
    await t.request('DELETE', `/api/v1/leads/${ids[7]}`);
    await check('after archives');
    assert.equal(await listTotal(t, 'status=Archived'), 2);

    // Both bounds are inclusive, to the millisecond, in stats and in the list alike.
    const lead = await get(t, `/api/v1/leads/${ids[8]}`);
    const at = encodeURIComponent(lead.created_at);
    assert.equal((await get(t, `/api/v1/stats?from=${at}&to=${at}`)).total_leads, 1);
    assert.equal(await listTotal(t, `created_from=${at}&created_to=${at}`), 1);
  });

  test('exact over 90 days of backdated leads for any from/to window, trend and 7/30-day counts', async () => {
    const t = await tenant();
    const now = new Date();
    const seeded = await seedDemo(database.db, { leads: 1200, companyId: t.companyId, now, seed: 7, actor: { kind: 'cli' } });
    const all = await get(t, '/api/v1/stats');
    assertAgrees(all, await truth(t.companyId), 'all time');
    assert.equal(await listTotal(t, ''), all.total_leads);

    const dayMs = 86_400_000;
    const midnight = Math.floor(now.getTime() / dayMs) * dayMs;
    const r = rng(42);
    const windows: [Date | undefined, Date | undefined][] = [
      [new Date(midnight - 10 * dayMs), new Date(midnight - 3 * dayMs - 1)], // whole days exactly
      [new Date(midnight - 10 * dayMs + 1), new Date(midnight - 3 * dayMs)], // one ms off each edge
      [new Date(midnight - 5 * dayMs + 3_600_000), new Date(midnight - 5 * dayMs + 7_200_000)], // inside one day
      [new Date(midnight - 40 * dayMs + 12_345), undefined],
      [undefined, new Date(midnight - 60 * dayMs + 999)],
      [new Date(midnight - 2 * dayMs), new Date(midnight - 3 * dayMs)], // empty: from after to is refused below
    ];
    for (let i = 0; i < 12; i++) {
      const a = now.getTime() - Math.floor(r() * 95 * dayMs);
      const b = a + Math.floor(r() * 20 * dayMs);
      windows.push([new Date(a), new Date(b)]);
    }
    for (const [from, to] of windows) {
      const query = [from && `from=${from.toISOString()}`, to && `to=${to.toISOString()}`].filter(Boolean).join('&');
      const res = await t.request('GET', `/api/v1/stats?${query}`);
      if (from && to && from > to) {
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().error.details[0].field, 'from');
        continue;
      }
      const expected = await truth(t.companyId, { from, to });
      assertAgrees(res.json(), expected, query);
      const listQuery = [from && `created_from=${from.toISOString()}`, to && `created_to=${to.toISOString()}`].filter(Boolean).join('&');
      assert.equal(await listTotal(t, listQuery), expected.total, `list ${listQuery}`);
    }

    const dev = seeded.development_ids[0]!;
    assertAgrees((await get(t, `/api/v1/developments/${dev}`)).lead_stats, await truth(t.companyId, { developmentId: dev }), 'development');
    for (const day of all.trend as { date: string; leads: number }[]) {
      const start = new Date(`${day.date}T00:00:00.000Z`);
      const expected = await truth(t.companyId, { from: start, to: new Date(start.getTime() + dayMs - 1) });
      assert.equal(day.leads, expected.total, `trend ${day.date}`);
    }
    const since = (days: number) => new Date(midnight - (days - 1) * dayMs);
    assert.equal(all.leads_last_7d, (await truth(t.companyId, { from: since(7) })).total);
    assert.equal(all.leads_last_30d, (await truth(t.companyId, { from: since(30) })).total);
    assert.ok(all.leads_last_30d < all.total_leads, 'seeded leads reach back beyond 30 days');
  });

  test('concurrent creates and changes keep the rollup exact (no lost updates, no deadlocks)', async () => {
    const t = await tenant();
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) => t.request('POST', '/api/v1/leads', leadInput({ payment_method: i % 2 ? 'cash' : 'mortgage', timeline: i % 3 ? '28 days' : 'next year' }))),
    );
    const ids = created.map((res) => res.json().id as string);
    const statuses = ['Contacted', 'Viewing Booked', 'Lost', 'Reserved'];
    const changes = await Promise.all(ids.flatMap((id, i) => [
      t.request('PATCH', `/api/v1/leads/${id}`, { status: statuses[i % statuses.length] }),
      t.request('PATCH', `/api/v1/leads/${ids[(i + 1) % ids.length]}`, { timeline: i % 2 ? 'immediate' : '6-12 months' }),
    ]));
    assert.ok(changes.every((res) => res.statusCode === 200), changes.map((r) => r.statusCode).join(','));
    await Promise.all(ids.slice(0, 5).map((id) => t.request('DELETE', `/api/v1/leads/${id}`)));
    assertAgrees(await get(t, '/api/v1/stats'), await truth(t.companyId), 'after concurrent writes');
  });

  test('400 for bad parameters', async () => {
    const t = await tenant();
    for (const query of ['from=yesterday', 'to=2026-13-01', 'development_id=abc', 'colour=red']) {
      const res = await t.request('GET', `/api/v1/stats?${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      assert.equal(res.json().error.code, 'INVALID_REQUEST');
    }
  });

  test('403 without stats_read, 401 without a key', async () => {
    const t = await tenant(['leads_read', 'leads_write', 'developments_read', 'developments_write']);
    const res = await t.request('GET', '/api/v1/stats');
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'FORBIDDEN');
    const ok = await app.inject({ method: 'GET', url: '/api/v1/stats', headers: { authorization: `Bearer ${await t.newKey(['stats_read'])}` } });
    assert.equal(ok.statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/stats' })).statusCode, 401);
  });
});
