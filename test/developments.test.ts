import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Permission } from '../src/keys/permissions.ts';
import { leadInput, startTestApp } from './helpers/app.ts';

const { tenant, app } = await startTestApp();

const riverside = {
  name: 'Riverside Quarter',
  location: 'London SE1',
  status: 'Active',
  total_units: 120,
  price_from: 385000,
  price_to: 1250000,
  unit_mix: { '1': { count: 40, price_from: 385000, price_to: 495000 }, '2': { count: 50, price_from: 525000, price_to: 760000 } },
};

describe('POST /api/v1/developments', () => {
  test('creates a development and answers 201 with every field', async () => {
    const t = await tenant();
    const res = await t.request('POST', '/api/v1/developments', riverside);
    assert.equal(res.statusCode, 201, res.body);
    const dev = res.json();
    assert.match(dev.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual({ ...dev, id: undefined, created_at: undefined, updated_at: undefined }, { ...riverside, archived_at: null, id: undefined, created_at: undefined, updated_at: undefined });
    assert.ok(Date.parse(dev.created_at));
  });

  test('only a name is required; status defaults to Active', async () => {
    const t = await tenant();
    const dev = (await t.request('POST', '/api/v1/developments', { name: 'Canal Wharf' })).json();
    assert.equal(dev.status, 'Active');
    assert.equal(dev.total_units, null);
    assert.equal(dev.unit_mix, null);
  });

  test('an Idempotency-Key replays the first answer instead of creating twice', async () => {
    const t = await tenant();
    const headers = { 'idempotency-key': 'dev-create-1' };
    const first = await t.request('POST', '/api/v1/developments', { name: 'Once' }, headers);
    const again = await t.request('POST', '/api/v1/developments', { name: 'Once' }, headers);
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal((await t.request('GET', '/api/v1/developments')).json().data.length, 1);
    assert.equal((await t.request('POST', '/api/v1/developments', { name: 'Other' }, headers)).statusCode, 409);
  });

  const invalidCases: [string, Record<string, unknown>, string][] = [
    ['missing name', { location: 'Leeds' }, 'name'],
    ['blank name', { name: '   ' }, 'name'],
    ['negative total_units', { name: 'A', total_units: -1 }, 'total_units'],
    ['fractional total_units', { name: 'A', total_units: 1.5 }, 'total_units'],
    ['negative price_from', { name: 'A', price_from: -5 }, 'price_from'],
    ['price_from above price_to', { name: 'A', price_from: 500000, price_to: 400000 }, 'price_from'],
    ['unknown status', { name: 'A', status: 'Demolished' }, 'status'],
    ['unit mix with bad bedrooms key', { name: 'A', unit_mix: { two: { count: 3 } } }, 'unit_mix.two'],
    ['unit mix with negative count', { name: 'A', unit_mix: { '2': { count: -3 } } }, 'unit_mix.2.count'],
    ['unit mix row prices reversed', { name: 'A', unit_mix: { '2': { count: 3, price_from: 9, price_to: 8 } } }, 'unit_mix.2.price_from'],
    ['unit mix larger than total_units', { name: 'A', total_units: 10, unit_mix: { '1': { count: 6 }, '2': { count: 6 } } }, 'unit_mix'],
    ['unknown field', { name: 'A', parking: true }, 'parking'],
    ['read-only id', { name: 'A', id: '00000000-0000-4000-8000-000000000000' }, 'id'],
    ['read-only company_id', { name: 'A', company_id: '00000000-0000-4000-8000-000000000000' }, 'company_id'],
  ];
  for (const [name, body, field] of invalidCases) {
    test(`400 naming the field: ${name}`, async () => {
      const t = await tenant();
      const res = await t.request('POST', '/api/v1/developments', body);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, 'INVALID_REQUEST');
      assert.ok(res.json().error.details.some((d: { field: string }) => d.field === field), `details name ${field}: ${res.body}`);
      assert.equal((await t.request('GET', '/api/v1/developments')).json().data.length, 0, 'nothing stored');
    });
  }
});

describe('GET /api/v1/developments', () => {
  test('lists only this company’s developments, newest first', async () => {
    const t = await tenant();
    const other = await tenant();
    const a = (await t.request('POST', '/api/v1/developments', { name: 'First' })).json();
    const b = (await t.request('POST', '/api/v1/developments', { name: 'Second' })).json();
    await other.request('POST', '/api/v1/developments', { name: 'Not yours' });
    const res = await t.request('GET', '/api/v1/developments');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().data.map((d: { id: string }) => d.id), [b.id, a.id]);
    assert.equal(res.json().data[0].lead_stats, undefined, 'lists leave stats out');
  });
});

describe('GET /api/v1/developments/:id', () => {
  test('answers the development with lead_stats of its live leads', async () => {
    const t = await tenant();
    const dev = (await t.request('POST', '/api/v1/developments', riverside)).json();
    const empty = (await t.request('GET', `/api/v1/developments/${dev.id}`)).json();
    assert.deepEqual(empty.lead_stats.total_leads, 0);
    assert.equal(empty.lead_stats.avg_quality_score, null);
    assert.equal(empty.lead_stats.by_classification['Hot Lead'], 0);

    const hot = (await t.request('POST', '/api/v1/leads', leadInput({ development_id: dev.id, payment_method: 'cash', timeline: 'immediate', budget: '700000', bedrooms: 2 }))).json();
    const other = (await t.request('POST', '/api/v1/leads', leadInput({ development_id: dev.id }))).json();
    const archived = (await t.request('POST', '/api/v1/leads', leadInput({ development_id: dev.id }))).json();
    await t.request('POST', '/api/v1/leads', leadInput()); // no development: not counted
    await t.request('DELETE', `/api/v1/leads/${archived.id}`);

    const res = await t.request('GET', `/api/v1/developments/${dev.id}`);
    assert.equal(res.statusCode, 200);
    const stats = res.json().lead_stats;
    assert.equal(stats.total_leads, 2);
    assert.equal(stats.by_classification[hot.classification] >= 1, true);
    assert.equal(stats.by_status['Contact Pending'], 2);
    assert.equal(stats.by_status.Archived, undefined, 'archived leads are not counted');
    assert.equal(stats.avg_quality_score, Math.round(((hot.quality_score + other.quality_score) / 2) * 10) / 10);
    assert.equal(stats.avg_intent_score, Math.round(((hot.intent_score + other.intent_score) / 2) * 10) / 10);
    assert.equal(res.json().name, 'Riverside Quarter');
  });
});

describe('PATCH /api/v1/developments/:id', () => {
  test('changes the given fields only', async () => {
    const t = await tenant();
    const dev = (await t.request('POST', '/api/v1/developments', riverside)).json();
    const res = await t.request('PATCH', `/api/v1/developments/${dev.id}`, { status: 'Sold Out', price_to: 1300000, location: null });
    assert.equal(res.statusCode, 200, res.body);
    const patched = res.json();
    assert.equal(patched.status, 'Sold Out');
    assert.equal(patched.price_to, 1300000);
    assert.equal(patched.location, null);
    assert.equal(patched.price_from, riverside.price_from);
    assert.deepEqual(patched.unit_mix, riverside.unit_mix);
    assert.ok(Date.parse(patched.updated_at) >= Date.parse(dev.updated_at));
  });

  test('400 for price_from above the stored price_to, an unknown status, an empty body, a negative count', async () => {
    const t = await tenant();
    const dev = (await t.request('POST', '/api/v1/developments', riverside)).json();
    for (const [body, field] of [
      [{ price_from: 2000000 }, 'price_from'],
      [{ status: 'Cancelled' }, 'status'],
      [{ total_units: -3 }, 'total_units'],
      [{ total_units: 10 }, 'unit_mix'],
      [{ name: '' }, 'name'],
      [{ created_at: '2020-01-01T00:00:00Z' }, 'created_at'],
    ] as const) {
      const res = await t.request('PATCH', `/api/v1/developments/${dev.id}`, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      assert.ok(res.json().error.details.some((d: { field: string }) => d.field === field), `${field}: ${res.body}`);
    }
    assert.equal((await t.request('PATCH', `/api/v1/developments/${dev.id}`, {})).statusCode, 400);
    const after = (await t.request('GET', `/api/v1/developments/${dev.id}`)).json();
    assert.equal(after.price_from, riverside.price_from, 'a refused change changes nothing');
    assert.equal(after.status, 'Active');
  });

  test('lead scoring uses the development prices', async () => {
    const t = await tenant();
    const dev = (await t.request('POST', '/api/v1/developments', riverside)).json();
    const lead = (await t.request('POST', '/api/v1/leads', leadInput({ development_id: dev.id, budget: '300000', bedrooms: 2 }))).json();
    assert.ok(lead.risk_flags.some((f: string) => /below/i.test(f)), `flags: ${lead.risk_flags}`);
  });
});

describe('permissions and tenancy', () => {
  const routes = (id: string) =>
    [
      ['GET', '/api/v1/developments', undefined, 'developments_read'],
      ['GET', `/api/v1/developments/${id}`, undefined, 'developments_read'],
      ['POST', '/api/v1/developments', { name: 'X' }, 'developments_write'],
      ['PATCH', `/api/v1/developments/${id}`, { name: 'Y' }, 'developments_write'],
    ] as const;

  test('403 for a key without the route’s permission, 200 with it', async () => {
    const owner = await tenant();
    const dev = (await owner.request('POST', '/api/v1/developments', { name: 'Mine' })).json();
    const everything: Permission[] = ['leads_read', 'leads_write', 'developments_read', 'developments_write', 'stats_read', 'webhooks_manage'];
    for (const [method, url, body, needed] of routes(dev.id)) {
      const lacking = await owner.newKey(everything.filter((p) => p !== needed));
      const res = await app.inject({ method, url, headers: { authorization: `Bearer ${lacking}` }, ...(body ? { payload: body } : {}) });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.equal(res.json().error.code, 'FORBIDDEN');
      const holding = await owner.newKey([needed]);
      const ok = await app.inject({ method, url, headers: { authorization: `Bearer ${holding}` }, ...(body ? { payload: body } : {}) });
      assert.ok(ok.statusCode < 300, `${method} ${url} with ${needed}: ${ok.body}`);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/developments' })).statusCode, 401);
  });

  test("another company's development is a 404 to read, patch, attach a lead to or take stats of", async () => {
    const owner = await tenant();
    const other = await tenant();
    const dev = (await owner.request('POST', '/api/v1/developments', riverside)).json();
    assert.equal((await other.request('GET', `/api/v1/developments/${dev.id}`)).statusCode, 404);
    const patch = await other.request('PATCH', `/api/v1/developments/${dev.id}`, { name: 'Hijacked' });
    assert.equal(patch.statusCode, 404);
    assert.equal(patch.json().error.code, 'NOT_FOUND');
    assert.equal((await other.request('GET', `/api/v1/stats?development_id=${dev.id}`)).statusCode, 404);
    const lead = await other.request('POST', '/api/v1/leads', leadInput({ development_id: dev.id }));
    assert.equal(lead.statusCode, 400);
    assert.equal(lead.json().error.details[0].field, 'development_id');
    assert.equal((await owner.request('GET', `/api/v1/developments/${dev.id}`)).json().name, 'Riverside Quarter');
    assert.equal((await owner.request('GET', '/api/v1/developments/not-a-uuid')).statusCode, 400);
    assert.equal((await owner.request('GET', '/api/v1/developments/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });
});
