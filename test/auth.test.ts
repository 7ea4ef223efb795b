import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { apiKeys } from '../src/db/schema/index.ts';
import { revokeApiKey } from '../src/keys/service.ts';
import type { Permission } from '../src/keys/permissions.ts';
import { leadInput, startTestApp } from './helpers/app.ts';

const { app, tenant, database } = await startTestApp();
const LEAD = '00000000-0000-4000-8000-000000000000';

describe('authentication', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['no Authorization header', {}, /Authorization: Bearer/],
    ['not a Bearer header', { authorization: 'Basic abc' }, /Bearer/],
    ['a malformed key', { authorization: 'Bearer hello' }, /malformed/],
    ['an unknown key', { authorization: `Bearer nb_live_${'a'.repeat(40)}` }, /invalid or has been revoked/],
  ];
  for (const [name, headers, message] of cases) {
    test(`401 for ${name}, in the error format, without rate-limit headers`, async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/leads', headers });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'UNAUTHORIZED');
      assert.match(res.json().error.message, message);
      assert.equal(res.headers['x-ratelimit-limit'], undefined);
      assert.ok(res.headers['x-request-id']);
    });
  }

  test('401 once a key is revoked; the company is untouched', async () => {
    const t = await tenant();
    assert.equal((await t.request('GET', '/api/v1/leads')).statusCode, 200);
    await revokeApiKey(database.db, t.keyId);
    const res = await t.request('GET', '/api/v1/leads');
    assert.equal(res.statusCode, 401);
    assert.match(res.json().error.message, /revoked/);
  });

  test('with a key cache, a revocation made elsewhere takes effect within the cache TTL', async () => {
    // A TTL long enough that a loaded machine answers the second call well inside it.
    const ttlMs = 5_000;
    const cached = await startTestApp({ API_KEY_CACHE_TTL_MS: String(ttlMs) }, { database });
    const t = await cached.tenant();
    const cachedAt = Date.now();
    assert.equal((await t.request('GET', '/api/v1/leads')).statusCode, 200);
    await revokeApiKey(database.db, t.keyId); // as the CLI in another process would
    const call = () => cached.app.inject({ method: 'GET', url: '/api/v1/leads', headers: { authorization: `Bearer ${t.key}` } });
    const trusted = await call();
    if (Date.now() - cachedAt < ttlMs) assert.equal(trusted.statusCode, 200, 'still trusted from the cache');
    await new Promise((r) => setTimeout(r, ttlMs + 100 - (Date.now() - cachedAt)));
    assert.equal((await call()).statusCode, 401, 'refused once the TTL has passed');
  });

  test('the key is stored only as a hash, and last_used_at is recorded', async () => {
    const t = await tenant();
    await t.request('GET', '/api/v1/leads');
    await new Promise((r) => setTimeout(r, 50));
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, t.keyId));
    assert.notEqual(row!.keyHash, t.key);
    assert.ok(!JSON.stringify(row).includes(t.key), 'the full key appears nowhere in the row');
    assert.equal(row!.prefix, t.key.slice(0, 14));
    assert.ok(row!.lastUsedAt, 'last_used_at set');
  });
});

describe('permissions', () => {
  const endpoints: [Permission, string, string, unknown?][] = [
    ['leads_read', 'GET', '/api/v1/leads'],
    ['leads_read', 'GET', `/api/v1/leads/${LEAD}`],
    ['leads_read', 'GET', `/api/v1/leads/${LEAD}/scores`],
    ['leads_write', 'POST', '/api/v1/leads', leadInput()],
    ['leads_write', 'PATCH', `/api/v1/leads/${LEAD}`, { notes: 'x' }],
    ['leads_write', 'DELETE', `/api/v1/leads/${LEAD}`],
  ];
  for (const [permission, method, url, body] of endpoints) {
    test(`${method} ${url.replace(LEAD, ':id')}: 403 without ${permission}, allowed with it or with all`, async () => {
      const others = (['leads_read', 'leads_write', 'stats_read', 'webhook'] as Permission[]).filter((p) => p !== permission);
      const t = await tenant(others);
      const denied = await t.request(method as 'GET', url, body);
      assert.equal(denied.statusCode, 403, denied.body);
      assert.equal(denied.json().error.code, 'FORBIDDEN');
      assert.match(denied.json().error.message, new RegExp(permission));
      for (const granted of [[permission], ['all']] as Permission[][]) {
        const ok = await t.request(method as 'GET', url, body, { authorization: `Bearer ${await t.newKey(granted)}` });
        assert.notEqual(ok.statusCode, 403, `${granted}: ${ok.body}`);
        assert.notEqual(ok.statusCode, 401);
      }
    });
  }
});
