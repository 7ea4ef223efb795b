/**
 * The team over the API (permission users_manage) and what a session may do: creating users with
 * a one-time password, role changes without mass assignment, removal ending the user's sessions,
 * the last admin kept; a viewer refused every write in the OpenAPI document; a user of one company
 * getting 404 for every object of another.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { startTestApp } from './helpers/app.ts';
import {
  dbFingerprint, fillPath, fingerprintDiff, openApiDocument, operationsOf, responseChecker, schemaArbitrary, type Operation,
} from './helpers/api-surface.ts';
import { realPathValues, seedTenantObjects, type TenantObjects } from './helpers/tenant-objects.ts';
import { browserFrom, signedInUser, signInRequest, type Browser } from './helpers/sessions.ts';

const { app, database, tenant } = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
const db = database.db;
const doc = await openApiDocument(app);
const ops = operationsOf(doc);
const checker = responseChecker(doc);

describe('the team', () => {
  test('an admin adds a user with a one-time password, changes their role, removes them, and their sessions end', async () => {
    const company = await tenant();
    const admin = await signedInUser(app, db, company.companyId, 'admin');
    const created = await admin.request('POST', '/api/v1/users', { email: 'New.Person@Example.com', name: 'New Person', role: 'viewer' });
    assert.equal(created.statusCode, 201, created.body);
    const { user, one_time_password: oneTime } = created.json();
    assert.equal(user.email, 'new.person@example.com');
    assert.equal(user.must_change_password, true);
    assert.match(oneTime, /^[0-9A-Za-z]{20}$/);
    assert.ok(!JSON.stringify((await admin.request('GET', '/api/v1/users')).json()).includes(oneTime), 'the password is shown once');

    const again = await admin.request('POST', '/api/v1/users', { email: 'new.person@example.com', name: 'Twin', role: 'viewer' });
    assert.equal(again.statusCode, 409);

    const login = await signInRequest(app, 'new.person@example.com', oneTime);
    const them = browserFrom(app, login, user.id, user.email);
    assert.equal(login.json().user.must_change_password, true);

    const promoted = await admin.request('PATCH', `/api/v1/users/${user.id}`, { role: 'member' });
    assert.equal(promoted.statusCode, 200);
    assert.equal(promoted.json().role, 'member');
    for (const field of [{ role: 'admin', email: 'x@example.com' }, { role: 'admin', company_id: company.companyId }, { must_change_password: false }]) {
      const res = await admin.request('PATCH', `/api/v1/users/${user.id}`, field);
      assert.equal(res.statusCode, 400, JSON.stringify(field));
    }
    const listed = (await admin.request('GET', '/api/v1/users')).json().data;
    assert.deepEqual(listed.map((u: { email: string; role: string }) => [u.email, u.role]).sort(), [[admin.email, 'admin'], ['new.person@example.com', 'member']].sort());

    const removed = await admin.request('DELETE', `/api/v1/users/${user.id}`);
    assert.equal(removed.statusCode, 204);
    assert.equal((await them.request('GET', '/api/v1/auth/session')).statusCode, 401, 'their session ended');
    assert.equal((await signInRequest(app, 'new.person@example.com', oneTime)).statusCode, 401);
    assert.equal((await admin.request('DELETE', `/api/v1/users/${user.id}`)).statusCode, 404);
  });

  test('the last admin can be neither demoted nor removed; with two, one may go', async () => {
    const company = await tenant();
    const admin = await signedInUser(app, db, company.companyId, 'admin');
    for (const [method, body] of [['PATCH', { role: 'member' }], ['DELETE', undefined]] as const) {
      const res = await admin.request(method, `/api/v1/users/${admin.userId}`, body);
      assert.equal(res.statusCode, 409, method);
      assert.match(res.json().error.message, /last admin/);
    }
    // The same through an API key with users_manage: the rule is the service's, not the dashboard's.
    assert.equal((await company.request('DELETE', `/api/v1/users/${admin.userId}`)).statusCode, 409);
    const second = await signedInUser(app, db, company.companyId, 'admin');
    // Both demote each other at once: exactly one wins, and an admin remains.
    const results = await Promise.all([
      admin.request('PATCH', `/api/v1/users/${second.userId}`, { role: 'viewer' }),
      second.request('PATCH', `/api/v1/users/${admin.userId}`, { role: 'viewer' }),
    ]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409], results.map((r) => r.body).join('\n'));
    const roles = (await company.request('GET', '/api/v1/users')).json().data.map((u: { role: string }) => u.role);
    assert.deepEqual(roles.filter((r: string) => r === 'admin').length, 1);
  });

  test('users_manage is needed: members and viewers cannot see or change the team', async () => {
    const company = await tenant();
    for (const role of ['member', 'viewer'] as const) {
      const b = await signedInUser(app, db, company.companyId, role);
      assert.equal((await b.request('GET', '/api/v1/users')).statusCode, 403, role);
      assert.equal((await b.request('PATCH', `/api/v1/users/${b.userId}`, { role: 'admin' })).statusCode, 403, `${role} cannot promote themselves`);
    }
  });
});

describe('a viewer changes nothing, through any endpoint', () => {
  // Every write the document lists, but signing in and out and one's own password (a viewer may
  // manage their own session) and the public Typeform webhook (no session involved).
  const writes = ops.filter((op) => op.method !== 'GET' && op.authenticated && !op.path.startsWith('/api/v1/auth/'));

  test('every write operation in the OpenAPI document answers a viewer 403 and the database is unchanged', async () => {
    assert.ok(writes.length >= 15, `${writes.length} write operations`);
    const company = await tenant();
    const objects = await seedTenantObjects(doc, ops, company, 'viewerwalk', 1);
    const viewer = await signedInUser(app, db, company.companyId, 'viewer');
    assert.equal((await viewer.request('GET', '/api/v1/leads')).statusCode, 200, 'a viewer reads');
    const before = await dbFingerprint(db);
    for (const op of writes) {
      const values = realPathValues(op, objects, company.companyId);
      const url = fillPath(op.path, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[0] ?? '00000000-0000-4000-8000-000000000000'])));
      const body = op.body ? fc.sample(schemaArbitrary(doc, op.body, objects.hints), { numRuns: 1, seed: 3 })[0] : undefined;
      const res = await viewer.request(op.method, url, body);
      assert.equal(res.statusCode, 403, `${op.method} ${op.path}: ${res.body}`);
      if (op.leadScoring) assert.equal(res.json().status_code, 403);
      else assert.equal(res.json().error.code, 'FORBIDDEN');
      assert.equal(checker.check(op, url, res.statusCode, res.body, res.headers['content-type'] as string), null);
    }
    assert.deepEqual(fingerprintDiff(before, await dbFingerprint(db), ['sessions']), [], 'a viewer changed the database');
  });

  test('a member writes leads and developments but cannot manage keys, team, webhooks or settings', async () => {
    const company = await tenant();
    const member = await signedInUser(app, db, company.companyId, 'member');
    const dev = await member.request('POST', '/api/v1/developments', { name: 'Quay', location: 'Leeds', total_units: 5, price_from: 200_000, price_to: 400_000 });
    assert.equal(dev.statusCode, 201, dev.body);
    for (const [method, url] of [['GET', '/api/v1/keys'], ['GET', '/api/v1/users'], ['GET', '/api/v1/webhooks'], ['GET', '/api/v1/integrations/hubspot']] as const) {
      assert.equal((await member.request(method, url)).statusCode, 403, url);
    }
  });
});

describe('one company’s user never reaches another company’s objects', () => {
  const withIds = ops.filter((op) => op.authenticated && op.params.some((p) => p.in === 'path') && !op.leadScoring);

  test('every endpoint that names an object answers 404 for another company’s, and changes nothing', async () => {
    const a = await tenant();
    const b = await tenant();
    const objectsB: TenantObjects = await seedTenantObjects(doc, ops, b, 'sessiontenancy', 1);
    const admin: Browser = await signedInUser(app, db, a.companyId, 'admin');
    const before = await dbFingerprint(db);
    for (const op of withIds as Operation[]) {
      const values = realPathValues(op, objectsB, b.companyId);
      if (Object.values(values).some((v) => v.length === 0)) assert.fail(`B has no object for ${op.method} ${op.path}`);
      const url = fillPath(op.path, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v[0]!])));
      const bodies = op.body ? fc.sample(schemaArbitrary(doc, op.body, objectsB.hints), { numRuns: 10, seed: 5 }) : [undefined];
      let answered404 = false;
      for (const body of bodies) {
        const res = await admin.request(op.method, url, body);
        assert.ok(res.statusCode >= 400 && res.statusCode !== 403, `${op.method} ${op.path}: ${res.statusCode} ${res.body}`);
        if (res.statusCode === 400) continue;
        assert.equal(res.statusCode, 404, `${op.method} ${op.path}: ${res.body}`);
        answered404 = true;
        break;
      }
      assert.ok(answered404, `${op.method} ${op.path}: no body got past validation`);
    }
    assert.deepEqual(fingerprintDiff(before, await dbFingerprint(db), ['sessions']), []);
    // Lists hold only A's own objects.
    const leadsB = objectsB.ids.get('/api/v1/leads') ?? [];
    const leadsA = (await admin.request('GET', '/api/v1/leads')).json().data.map((l: { id: string }) => l.id);
    assert.ok(leadsB.length > 0 && leadsB.every((id) => !leadsA.includes(id)));
    const usersA = (await admin.request('GET', '/api/v1/users')).json().data.map((u: { company_id: string }) => u.company_id);
    assert.deepEqual([...new Set(usersA)], [a.companyId]);
  });
});
