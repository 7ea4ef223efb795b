/**
 * API keys over the API (permission keys_manage): created keys are shown once and work, lists never
 * show a secret, a revoked key is refused at once by this process even with a key cache, nobody
 * grants more than they hold, and another company's key is a 404.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestApp } from './helpers/app.ts';
import { signedInUser } from './helpers/sessions.ts';

// A long key cache: a revocation must still take effect at once in the process that made it.
const { app, database, tenant } = await startTestApp({ API_KEY_CACHE_TTL_MS: '60000' });
const db = database.db;
const company = await tenant(['all']);
const stranger = await tenant(['all']);

const useKey = (key: string) => app.inject({ method: 'GET', url: '/api/v1/leads', headers: { authorization: `Bearer ${key}` } });

describe('keys over the API', () => {
  test('an admin creates a key (shown once), uses it, lists it without its secret, revokes it and it is refused at once', async () => {
    const admin = await signedInUser(app, db, company.companyId, 'admin');
    const created = await admin.request('POST', '/api/v1/keys', { name: 'CRM sync', permissions: ['leads_read', 'leads_write'], rate_limit_per_minute: 120 });
    assert.equal(created.statusCode, 201, created.body);
    const key = created.json();
    assert.match(key.key, /^nb_live_[0-9A-Za-z]{40}$/);
    assert.deepEqual(key.permissions, ['leads_read', 'leads_write']);
    assert.equal(key.rate_limit_per_minute, 120);
    assert.equal(key.prefix, key.key.slice(0, 14));

    const used = await useKey(key.key);
    assert.equal(used.statusCode, 200);
    assert.equal(used.headers['x-ratelimit-limit'], '120');

    const list = await admin.request('GET', '/api/v1/keys');
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(key.key), 'the secret is never listed');
    const listed = list.json().data.find((k: { id: string }) => k.id === key.id);
    assert.deepEqual(Object.keys(listed).sort(), ['created_at', 'id', 'last_used_at', 'name', 'permissions', 'prefix', 'rate_limit_per_minute', 'revoked_at']);
    assert.equal(listed.revoked_at, null);

    const revoked = await admin.request('DELETE', `/api/v1/keys/${key.id}`);
    assert.equal(revoked.statusCode, 204);
    assert.equal(revoked.body, '');
    const refused = await useKey(key.key);
    assert.equal(refused.statusCode, 401, 'refused at once, the key cache notwithstanding');
    const after = (await admin.request('GET', '/api/v1/keys')).json().data.find((k: { id: string }) => k.id === key.id);
    assert.ok(after.revoked_at);
  });

  test('an unknown permission is a 400 that lists the valid ones', async () => {
    const res = await company.request('POST', '/api/v1/keys', { name: 'x', permissions: ['leads_read', 'fly'] });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].field, 'permissions');
    assert.match(res.json().error.message, /unknown permissions: fly \(valid: leads_read, .*keys_manage, users_manage, all\)/);
  });

  test('a key holder can only grant permissions it holds', async () => {
    const manager = await company.newKey(['keys_manage', 'leads_read']);
    const post = (permissions: string[]) =>
      app.inject({ method: 'POST', url: '/api/v1/keys', headers: { authorization: `Bearer ${manager}` }, payload: { name: 'x', permissions } });
    for (const escalation of [['all'], ['leads_write'], ['leads_read', 'settings_manage']]) {
      const res = await post(escalation);
      assert.equal(res.statusCode, 403, escalation.join());
      assert.match(res.json().error.message, /cannot grant/);
    }
    assert.equal((await post(['leads_read'])).statusCode, 201);
  });

  test('keys_manage is needed, and a member’s session does not have it', async () => {
    assert.equal((await (await tenant(['leads_read'])).request('GET', '/api/v1/keys')).statusCode, 403);
    const member = await signedInUser(app, db, company.companyId, 'member');
    assert.equal((await member.request('GET', '/api/v1/keys')).statusCode, 403);
    assert.equal((await member.request('POST', '/api/v1/keys', { name: 'x', permissions: ['leads_read'] })).statusCode, 403);
  });

  test('another company’s key is a 404 and stays alive; lists show only your own', async () => {
    const res = await stranger.request('DELETE', `/api/v1/keys/${company.keyId}`);
    assert.equal(res.statusCode, 404);
    assert.equal((await useKey(company.key)).statusCode, 200);
    const theirs = (await stranger.request('GET', '/api/v1/keys')).json().data.map((k: { id: string }) => k.id);
    assert.ok(!theirs.includes(company.keyId));
  });
});
