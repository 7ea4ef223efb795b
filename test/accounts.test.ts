/**
 * Dashboard sign-in and sessions through the real app and database: the cookie's flags, sign-out
 * here and everywhere, idle and absolute expiry (on an injected clock), password changes ending
 * every session, one-time passwords, CSRF, sign-in throttling, per-user rate limits, and what is
 * stored (scrypt hashes and token hashes, never a password or a token).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../src/db/schema/index.ts';
import { createUser } from '../src/accounts/users.ts';
import { verifyPassword } from '../src/accounts/passwords.ts';
import { startTestApp } from './helpers/app.ts';
import { browserFrom, cookieOf, PASSWORD, signedInUser, signInRequest } from './helpers/sessions.ts';

const IDLE_MS = 30 * 60_000;
const MAX_AGE_MS = 4 * 3_600_000;
let clock = Date.now();
const { app, database, tenant } = await startTestApp(
  { SESSION_IDLE_TIMEOUT_MS: String(IDLE_MS), SESSION_MAX_AGE_MS: String(MAX_AGE_MS), LOGIN_FAILURES_PER_ACCOUNT: '3', LOGIN_FAILURES_PER_ADDRESS: '5' },
  { now: () => clock },
);
const db = database.db;
const company = await tenant();
const DEVELOPMENT = { name: 'Riverside', location: 'London', total_units: 10, price_from: 300_000, price_to: 600_000 };

const sessionRows = (userId: string) => db.select().from(sessions).where(eq(sessions.userId, userId));

describe('sign-in', () => {
  test('sets an HttpOnly, SameSite=Lax session cookie for the whole site and answers the user with a CSRF token', async () => {
    const b = await signedInUser(app, db, company.companyId, 'member');
    const res = await signInRequest(app, b.email.toUpperCase());
    assert.equal(res.statusCode, 200, 'emails are matched without regard to case');
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /^nb_session=[^;]+; Max-Age=14400; Path=\/; HttpOnly; SameSite=Lax$/);
    const body = res.json();
    assert.deepEqual(Object.keys(body.user).sort(), ['company_id', 'company_name', 'email', 'id', 'must_change_password', 'name', 'role']);
    assert.equal(body.user.email, b.email);
    assert.equal(body.user.role, 'member');
    assert.equal(body.user.company_id, company.companyId);
    assert.equal(body.user.must_change_password, false);
    assert.equal(typeof body.csrf_token, 'string');
    const session = await b.request('GET', '/api/v1/auth/session');
    assert.equal(session.statusCode, 200);
    assert.equal(session.json().user.id, b.userId);
    assert.equal((await b.request('GET', '/api/v1/leads')).statusCode, 200, 'the session works on the v1 API');
  });

  test('the cookie is Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await startTestApp({ TRUST_PROXY_HOPS: '1' }, { database });
    const b = await signedInUser(proxied.app, db, company.companyId, 'viewer');
    const res = await signInRequest(proxied.app, b.email, PASSWORD, { 'x-forwarded-proto': 'https' });
    assert.match(String(res.headers['set-cookie']), /; Secure/);
    const direct = await signInRequest(app, b.email, PASSWORD, { 'x-forwarded-proto': 'https' });
    assert.doesNotMatch(String(direct.headers['set-cookie']), /Secure/, 'without a trusted proxy the header is not believed');
  });

  test('a wrong password and an unknown email get the same 401, and no cookie', async () => {
    const b = await signedInUser(app, db, company.companyId, 'viewer');
    const wrong = await signInRequest(app, b.email, 'not the password at all');
    const unknown = await signInRequest(app, `nobody.${Date.now()}@example.com`);
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['set-cookie'], undefined);
      assert.deepEqual(res.json(), { error: { code: 'UNAUTHORIZED', message: 'Wrong email or password', reason: 'invalid_credentials' } });
    }
  });

  test('no session: 401; a tampered or unknown cookie: 401 and the cookie is cleared', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/auth/session' })).statusCode, 401);
    const b = await signedInUser(app, db, company.companyId, 'viewer');
    const [name, value] = b.cookie.split('=');
    const tampered = `${name}=${value!.slice(0, 5)}${value![5] === 'A' ? 'B' : 'A'}${value!.slice(6)}`;
    for (const cookie of [tampered, 'nb_session=made-up', 'nb_session=']) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/leads', headers: { cookie } });
      assert.equal(res.statusCode, 401, cookie);
      assert.equal(res.json().error.reason, 'session_expired');
      assert.match(String(res.headers['set-cookie']), /^nb_session=; Max-Age=0/);
    }
  });

  test('an API key cannot use the session endpoints', async () => {
    const res = await company.request('GET', '/api/v1/auth/session');
    assert.equal(res.statusCode, 403);
  });
});

describe('signing out and expiry', () => {
  test('logout ends this session only; logout-all ends every session of the user', async () => {
    const one = await signedInUser(app, db, company.companyId, 'member');
    const two = browserFrom(app, await signInRequest(app, one.email), one.userId, one.email);
    const three = browserFrom(app, await signInRequest(app, one.email), one.userId, one.email);
    const out = await one.request('POST', '/api/v1/auth/logout');
    assert.equal(out.statusCode, 204);
    assert.equal(out.body, '');
    assert.match(String(out.headers['set-cookie']), /^nb_session=; Max-Age=0/);
    assert.equal((await one.request('GET', '/api/v1/auth/session')).statusCode, 401);
    assert.equal((await two.request('GET', '/api/v1/auth/session')).statusCode, 200, 'the other browser is still signed in');
    assert.equal((await two.request('POST', '/api/v1/auth/logout-all')).statusCode, 204);
    for (const b of [two, three]) assert.equal((await b.request('GET', '/api/v1/leads')).statusCode, 401);
    assert.equal((await sessionRows(one.userId)).length, 0, 'revoked sessions are gone from the database');
  });

  test('a session unused for the idle timeout has ended; use keeps it alive until its absolute end', async () => {
    const idle = await signedInUser(app, db, company.companyId, 'viewer');
    const busy = browserFrom(app, await signInRequest(app, idle.email), idle.userId, idle.email);
    const start = clock;
    try {
      // Busy is used every 20 minutes (under the 30-minute idle timeout); idle is not used at all.
      for (clock = start + 20 * 60_000; clock < start + MAX_AGE_MS; clock += 20 * 60_000) {
        assert.equal((await busy.request('GET', '/api/v1/auth/session')).statusCode, 200, `busy at +${(clock - start) / 60_000} min`);
      }
      assert.equal((await idle.request('GET', '/api/v1/auth/session')).statusCode, 401, 'idle past the timeout');
      clock = start + MAX_AGE_MS;
      const ended = await busy.request('GET', '/api/v1/auth/session');
      assert.equal(ended.statusCode, 401, 'past the absolute end, however busy');
      assert.equal(ended.json().error.reason, 'session_expired');
      assert.equal((await sessionRows(idle.userId)).length, 0, 'ended sessions are deleted when met');
    } finally {
      clock = start;
    }
  });

  test('just inside the idle timeout the session still works', async () => {
    const b = await signedInUser(app, db, company.companyId, 'viewer');
    const start = clock;
    try {
      clock = start + IDLE_MS - 1000;
      assert.equal((await b.request('GET', '/api/v1/auth/session')).statusCode, 200);
    } finally {
      clock = start;
    }
  });
});

describe('passwords', () => {
  test('changing the password ends every session and gives this browser a new one; the old password stops working', async () => {
    const b = await signedInUser(app, db, company.companyId, 'member');
    const other = browserFrom(app, await signInRequest(app, b.email), b.userId, b.email);
    const wrong = await b.request('POST', '/api/v1/auth/password', { current_password: 'not my password', new_password: 'a brand new passphrase' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.details[0].field, 'current_password');
    const short = await b.request('POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'short' });
    assert.equal(short.statusCode, 400);
    const tooLong = await b.request('POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'x'.repeat(257) });
    assert.equal(tooLong.statusCode, 400);
    assert.equal((await b.request('GET', '/api/v1/auth/session')).statusCode, 200, 'refused changes end nothing');

    const changed = await b.request('POST', '/api/v1/auth/password', { current_password: PASSWORD, new_password: 'a brand new passphrase' });
    assert.equal(changed.statusCode, 204, changed.body);
    const fresh = cookieOf(changed);
    assert.ok(fresh && fresh !== b.cookie, 'a new session cookie');
    for (const old of [b, other]) assert.equal((await old.request('GET', '/api/v1/auth/session')).statusCode, 401);
    const renewed = await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: fresh } });
    assert.equal(renewed.statusCode, 200);
    assert.equal((await sessionRows(b.userId)).length, 1);
    assert.equal((await signInRequest(app, b.email)).statusCode, 401, 'the old password no longer signs in');
    assert.equal((await signInRequest(app, b.email, 'a brand new passphrase')).statusCode, 200);
  });

  test('a one-time password allows nothing but choosing a new one', async () => {
    const email = `onetime.${Date.now()}@example.com`;
    const { oneTimePassword, user } = await createUser({ db, companyId: company.companyId }, { email, name: 'New', role: 'admin' });
    const login = await signInRequest(app, email, oneTimePassword!);
    assert.equal(login.json().user.must_change_password, true);
    const b = browserFrom(app, login, user.id, email);
    const blocked = await b.request('GET', '/api/v1/leads');
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().error.reason, 'password_change_required');
    assert.equal((await b.request('POST', '/api/v1/auth/password', { current_password: oneTimePassword, new_password: 'my own long passphrase' })).statusCode, 204);
    const after = browserFrom(app, await signInRequest(app, email, 'my own long passphrase'), user.id, email);
    assert.equal((await after.request('GET', '/api/v1/leads')).statusCode, 200);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    assert.equal(row!.mustChangePassword, false);
  });

  test('only scrypt hashes are stored, with salt and parameters; sessions store a hash of the token', async () => {
    const b = await signedInUser(app, db, company.companyId, 'viewer');
    const another = await signedInUser(app, db, company.companyId, 'viewer');
    const [row] = await db.select().from(users).where(eq(users.id, b.userId));
    const [other] = await db.select().from(users).where(eq(users.id, another.userId));
    assert.match(row!.passwordHash, /^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    assert.notEqual(row!.passwordHash.split('$')[4], other!.passwordHash.split('$')[4], 'a salt per user');
    assert.ok(!JSON.stringify(row).includes(PASSWORD));
    assert.equal(await verifyPassword(PASSWORD, row!.passwordHash), true);
    const token = b.cookie.slice('nb_session='.length).split('.')[0]!;
    const stored = JSON.stringify(await sessionRows(b.userId));
    assert.ok(!stored.includes(token), 'the cookie token appears nowhere in the sessions table');
  });
});

describe('CSRF', () => {
  test('a state-changing request with the session cookie needs the session’s X-CSRF-Token', async () => {
    const admin = await signedInUser(app, db, company.companyId, 'admin');
    const other = await signedInUser(app, db, company.companyId, 'admin');
    const before = (await admin.request('GET', '/api/v1/developments')).json().data.length;
    const attempts: [string, string | false][] = [
      ['no token', false],
      ['a wrong token', 'abc-def'],
      ['another session’s token', other.csrf],
    ];
    for (const [what, csrf] of attempts) {
      const res = await admin.request('POST', '/api/v1/developments', DEVELOPMENT, { csrf });
      assert.equal(res.statusCode, 403, what);
      assert.deepEqual(res.json().error.code, 'FORBIDDEN');
      assert.equal(res.json().error.reason, 'csrf_failed', what);
    }
    assert.equal((await admin.request('GET', '/api/v1/developments')).json().data.length, before, 'nothing was created');
    const ok = await admin.request('POST', '/api/v1/developments', DEVELOPMENT);
    assert.equal(ok.statusCode, 201, ok.body);
    // GET /auth/session hands out fresh tokens; every one of them is good for the session.
    const fresh = (await admin.request('GET', '/api/v1/auth/session')).json().csrf_token;
    assert.notEqual(fresh, admin.csrf);
    assert.equal((await admin.request('PATCH', `/api/v1/developments/${ok.json().id}`, { name: 'Renamed' }, { csrf: fresh })).statusCode, 200);
    // Logging out is state-changing too: a forged sign-out is refused.
    assert.equal((await admin.request('POST', '/api/v1/auth/logout', undefined, { csrf: false })).statusCode, 403);
  });

  test('API-key requests need no CSRF token, even with a session cookie beside the key', async () => {
    const admin = await signedInUser(app, db, company.companyId, 'admin');
    const res = await company.request('POST', '/api/v1/developments', DEVELOPMENT, { cookie: admin.cookie });
    assert.equal(res.statusCode, 201);
  });
});

describe('sign-in throttling', () => {
  test('after too many failures an account is refused (429, Retry-After) even with the right password, until the window passes', async () => {
    const b = await signedInUser(app, db, company.companyId, 'viewer');
    const from = { remoteAddress: '10.1.0.1' };
    const login = (password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: b.email, password }, ...from });
    for (let i = 0; i < 3; i++) assert.equal((await login('wrong password!')).statusCode, 401);
    const refused = await login(PASSWORD);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    assert.ok(Number(refused.headers['retry-after']) > 0 && Number(refused.headers['retry-after']) <= 900);
    const elsewhere = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: b.email, password: PASSWORD }, remoteAddress: '10.1.0.2' });
    assert.equal(elsewhere.statusCode, 429, 'the account is throttled from every address');
    const start = clock;
    try {
      clock = start + 15 * 60_000 + 1000;
      assert.equal((await login(PASSWORD)).statusCode, 200);
    } finally {
      clock = start;
    }
  });

  test('an address that fails for many accounts is refused for all of them', async () => {
    const b = await signedInUser(app, db, company.companyId, 'viewer');
    const from = (email: string, password: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: '10.2.0.1' });
    for (let i = 0; i < 5; i++) assert.equal((await from(`sprayed${i}@example.com`, 'guess guess guess')).statusCode, 401);
    assert.equal((await from(b.email, PASSWORD)).statusCode, 429);
    const other = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: b.email, password: PASSWORD }, remoteAddress: '10.2.0.2' });
    assert.equal(other.statusCode, 200, 'another address is not affected');
  });
});

describe('rate limits', () => {
  test('a user’s sessions share one rate limit, counted per user', async () => {
    const limited = await startTestApp({ SESSION_RATE_LIMIT_PER_MINUTE: '3' }, { database });
    const one = await signedInUser(limited.app, db, company.companyId, 'viewer');
    const two = browserFrom(limited.app, await signInRequest(limited.app, one.email), one.userId, one.email);
    const someoneElse = await signedInUser(limited.app, db, company.companyId, 'viewer');
    const first = await one.request('GET', '/api/v1/leads');
    assert.equal(first.headers['x-ratelimit-limit'], '3');
    assert.equal((await two.request('GET', '/api/v1/leads')).statusCode, 200);
    assert.equal((await one.request('GET', '/api/v1/leads')).statusCode, 200);
    const over = await two.request('GET', '/api/v1/leads');
    assert.equal(over.statusCode, 429);
    assert.ok(over.headers['retry-after']);
    assert.equal((await someoneElse.request('GET', '/api/v1/leads')).statusCode, 200, 'another user has their own count');
  });
});
