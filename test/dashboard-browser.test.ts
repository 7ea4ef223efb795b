/**
 * The dashboard in a real browser (Chromium): the journeys a sales team and its admin make, against
 * the real server on a real database, with a real webhook receiver. Every page is checked with
 * axe-core and photographed at desktop and phone widths (.tmp/screenshots).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createCompany } from '../src/companies/service.ts';
import { createApiKey } from '../src/keys/service.ts';
import { createUser } from '../src/accounts/users.ts';
import { createTestDatabase } from './helpers/database.ts';
import { horizontalOverflow, launchBrowser, screenshot, seriousA11yViolations } from './helpers/browser.ts';
import { startReceiver, verifySignature } from './helpers/receiver.ts';
import { leadInput } from './helpers/app.ts';

const built = spawnSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });
assert.equal(built.status, 0, 'the dashboard builds');

const database = await createTestDatabase();
const config = loadConfig({ DATA_DIR: '.tmp/unused', API_KEY_CACHE_TTL_MS: '0', WEBHOOK_ALLOW_PRIVATE_URLS: 'true', SESSION_IDLE_TIMEOUT_MS: '3600000' });
const app = await buildApp({ config, database, logger: false });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const receiver = await startReceiver();

// Two companies: ours, with a sales team, and another whose data must never show.
const ours = await createCompany(database.db, 'Riverside Homes');
const theirs = await createCompany(database.db, 'Other Developer Ltd');
const ADMIN = { email: 'admin@riverside.test', password: 'correct horse battery staple' };
const admin = await createUser({ db: database.db, companyId: ours.id }, { email: ADMIN.email, name: 'Alex Admin', role: 'admin' });
const ourKey = await createApiKey(database.db, { companyId: ours.id, name: 'seed', permissions: ['all'], rateLimitPerMinute: 100_000 });
const theirKey = await createApiKey(database.db, { companyId: theirs.id, name: 'seed', permissions: ['all'], rateLimitPerMinute: 100_000 });

async function call(key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

const hotBuyer = (await call(ourKey.key, 'POST', '/leads', leadInput({ full_name: 'Hannah Hotbuyer', payment_method: 'cash', timeline: 'immediate', budget: '650000' }))).body;
const browsing = (await call(ourKey.key, 'POST', '/leads', leadInput({ full_name: 'Bill Browsing', payment_method: null, timeline: 'just browsing', budget: null }))).body;
for (let i = 0; i < 8; i++) await call(ourKey.key, 'POST', '/leads', leadInput({ full_name: `Buyer Number${i}` }));
const foreign = (await call(theirKey.key, 'POST', '/leads', leadInput({ full_name: 'Secret Otherco Buyer' }))).body;
// Hannah arrived two hours ago: her one-hour promise is broken, so Today marks her overdue.
await database.db.execute(sql`update leads set created_at = now() - interval '2 hours' where id = ${hotBuyer.id}`);

let browser: Browser;
let context: BrowserContext;
let page: Page;
const shots: string[] = [];

before(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
});
after(async () => {
  await browser?.close();
  await app.close();
  await database.drop();
});

async function signIn(p: Page, email: string, password: string) {
  await p.goto(`${base}/`);
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password', { exact: true }).fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

async function choosePassword(p: Page, current: string, next: string) {
  await p.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await p.getByLabel('Current password').fill(current);
  await p.getByLabel('New password', { exact: true }).fill(next);
  await p.getByLabel('New password again').fill(next);
  await p.getByRole('button', { name: 'Change password' }).click();
}

/** Opens a page from the navigation, waits for its content, and checks it with axe. */
async function visit(p: Page, link: string, ready: string, name: string) {
  const nav = p.getByRole('navigation', { name: 'Main' });
  if (!(await nav.isVisible())) await p.getByRole('button', { name: 'Menu' }).click();
  await nav.getByRole('link', { name: link, exact: true }).click();
  await p.locator(ready).first().waitFor();
  await check(p, name);
}

async function check(p: Page, name: string) {
  const violations = await seriousA11yViolations(p);
  assert.deepEqual(violations, [], `${name}: no serious or critical accessibility violations`);
  shots.push(await screenshot(p, name));
}

/** A request made by the dashboard's own code path: same origin, session cookie, optional CSRF token. */
async function fromPage(p: Page, method: string, path: string, body: unknown, csrf: boolean) {
  return p.evaluate(
    async ({ method, path, body, csrf }) => {
      const session = await (await fetch('/api/v1/auth/session')).json();
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (csrf) headers['x-csrf-token'] = session.csrf_token;
      const res = await fetch(`/api/v1${path}`, { method, headers, body: JSON.stringify(body) });
      return { status: res.status, body: await res.text() };
    },
    { method, path, body, csrf },
  );
}

describe('the dashboard in Chromium', () => {
  test('sign in with the one-time password, choose a password, land on Today', async () => {
    await signIn(page, ADMIN.email, 'wrong password');
    await page.getByRole('alert').waitFor();
    await check(page, 'sign-in');
    await signIn(page, ADMIN.email, admin.oneTimePassword!);
    await check(page, 'choose-password');
    await choosePassword(page, admin.oneTimePassword!, ADMIN.password);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
  });

  test('Today: the call list by priority then age, overdue marked, one click marks contacted', async () => {
    const calls = page.getByTestId('call');
    await calls.first().waitFor();
    await check(page, 'today');
    const names = await page.locator('[data-testid=call] .call-title a').allTextContents();
    assert.equal(names[0], 'Hannah Hotbuyer', 'the hot lead is first');
    const priorities = (await page.locator('[data-testid=call] .priority').allTextContents()).map(Number);
    assert.deepEqual(priorities, [...priorities].sort((a, b) => a - b), 'most urgent first');
    const first = calls.first();
    assert.match(await first.getAttribute('class') ?? '', /overdue/);
    assert.match(await first.getByTestId('countdown').textContent() ?? '', /^Overdue by 1 h/);
    assert.match(await calls.nth(1).getByTestId('countdown').textContent() ?? '', / left$/);

    await first.getByRole('button', { name: 'Mark Hannah Hotbuyer contacted' }).click();
    await page.getByText('Hannah Hotbuyer marked as contacted.').waitFor();
    assert.equal((await call(ourKey.key, 'GET', `/leads/${hotBuyer.id}`)).body.status, 'Contacted');
  });

  test('Overview: stat cards, breakdowns and the 30-day trend', async () => {
    await visit(page, 'Overview', '.chart canvas', 'overview');
    const total = page.locator('.stat', { hasText: 'Total leads' }).locator('.stat-value');
    assert.equal(await total.textContent(), '10', 'our ten leads, not the other company’s');
  });

  test('Leads: search, open a lead, change its status in one click', async () => {
    await visit(page, 'Leads', 'table tbody tr', 'leads');
    await page.getByLabel('Sort').selectOption('quality_score');
    await page.getByLabel('Search', { exact: true }).fill('browsing');
    await page.locator('table tbody tr').filter({ hasText: 'Bill Browsing' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
    await page.getByRole('link', { name: 'Bill Browsing' }).click();
    await page.getByRole('heading', { name: 'Bill Browsing' }).waitFor();
    await page.locator('.chart canvas').waitFor();
    await check(page, 'lead');
    await page.getByRole('group', { name: 'Change status' }).getByRole('button', { name: 'Viewing Booked' }).click();
    await page.getByText('Status changed to Viewing Booked.').waitFor();
    assert.equal(await page.getByTestId('lead-status').textContent(), 'Viewing Booked');
    assert.equal((await call(ourKey.key, 'GET', `/leads/${browsing.id}`)).body.status, 'Viewing Booked');
  });

  test('Developments: create one with a price range and unit mix', async () => {
    await visit(page, 'Developments', 'h1', 'developments');
    await page.getByRole('button', { name: 'New development' }).click();
    await page.getByLabel('Name').fill('Canal Wharf');
    await page.getByLabel('Location').fill('Manchester');
    await page.getByLabel('Price from (£)').fill('250000');
    await page.getByLabel('Price to (£)').fill('600000');
    await page.getByRole('button', { name: 'Add unit type' }).click();
    await page.getByLabel('Bedrooms (0 = studio)').fill('2');
    await page.getByLabel('Units', { exact: true }).fill('40');
    await page.getByLabel('From (£)', { exact: true }).fill('350000');
    await page.getByLabel('To (£)', { exact: true }).fill('450000');
    await check(page, 'development-form');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Canal Wharf saved.').waitFor();
    const saved = (await call(ourKey.key, 'GET', '/developments')).body.data.find((d: { name: string }) => d.name === 'Canal Wharf');
    assert.deepEqual([saved.price_from, saved.price_to, saved.unit_mix], [250000, 600000, { 2: { count: 40, price_from: 350000, price_to: 450000 } }]);
  });

  test('Webhooks: add an endpoint, send a test event, see the signed delivery in the log', async () => {
    const endpoint = receiver.endpoint(() => ({ status: 200, body: 'received' }));
    await visit(page, 'Webhooks', 'h1', 'webhooks');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByLabel('URL').fill(endpoint.url);
    await page.getByRole('button', { name: 'Create' }).click();
    const secret = await page.getByTestId('secret-value').textContent();
    assert.match(secret ?? '', /^whsec_/);
    await page.getByRole('button', { name: 'Send test event' }).click();
    const row = page.getByTestId('delivery').first();
    await row.waitFor();
    assert.match(await row.textContent() ?? '', /succeeded.*200/);
    await check(page, 'webhooks-log');
    const [got] = await endpoint.waitFor(1);
    assert.ok(verifySignature(got!.body, String(got!.headers['x-webhook-signature']).replace(/^sha256=/, ''), secret!), 'signed with the secret shown once');
  });

  test('API keys: create one, use it, revoke it and see it refused', async () => {
    await page.goto(`${base}/settings/keys`);
    await page.getByRole('heading', { name: 'Create a key' }).waitFor();
    await page.getByLabel('Name').fill('Website form');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByTestId('secret-value').textContent();
    assert.match(key ?? '', /^nb_live_/);
    await check(page, 'settings-keys');
    assert.equal((await call(key!, 'GET', '/leads?limit=1')).status, 200, 'the new key reads leads');
    assert.equal((await call(key!, 'POST', '/leads', leadInput())).status, 403, 'and only that');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke Website form' }).click();
    await page.getByTestId('key-row').filter({ hasText: 'Website form' }).getByText('revoked').waitFor();
    assert.equal((await call(key!, 'GET', '/leads?limit=1')).status, 401, 'a revoked key is refused at once');
  });

  test('Integrations: HubSpot and Lead Scoring settings save, secrets never shown back', async () => {
    await page.goto(`${base}/settings/integrations`);
    await page.getByRole('heading', { name: 'HubSpot' }).waitFor();
    await page.getByLabel('Push leads to HubSpot').check();
    await page.getByLabel(/Private-app access token/).fill('pat-na1-test-token');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('HubSpot settings saved.').waitFor();
    await check(page, 'settings-integrations');
    const hubspot = (await call(ourKey.key, 'GET', '/integrations/hubspot')).body;
    assert.deepEqual([hubspot.enabled, hubspot.access_token_set, JSON.stringify(hubspot).includes('pat-na1')], [true, true, false]);
  });

  test('Team: a viewer signs in with a one-time password, sees no write buttons and is refused a write', async () => {
    await page.goto(`${base}/settings/team`);
    await page.getByRole('heading', { name: 'Add a team member' }).waitFor();
    await page.getByLabel('Email').fill('vera@riverside.test');
    await page.getByLabel('Name').fill('Vera Viewer');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    const oneTime = await page.getByTestId('secret-value').textContent();
    assert.ok(oneTime && oneTime.length >= 12);
    await check(page, 'settings-team');

    const viewer = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const vp = await viewer.newPage();
    try {
      await signIn(vp, 'vera@riverside.test', oneTime!);
      await choosePassword(vp, oneTime!, 'viewer password 1234');
      await vp.getByTestId('call').first().waitFor();
      assert.equal(await vp.getByRole('button', { name: /Mark .* contacted/ }).count(), 0, 'no write buttons on Today');
      await vp.goto(`${base}/leads/${browsing.id}`);
      await vp.getByText('Your role can read this lead but not change it.').waitFor();
      const refused = await fromPage(vp, 'PATCH', `/leads/${browsing.id}`, { status: 'Lost' }, true);
      assert.equal(refused.status, 403, 'the server refuses the viewer even with a valid CSRF token');
      assert.equal((await call(ourKey.key, 'GET', `/leads/${browsing.id}`)).body.status, 'Viewing Booked');

      // Another company's lead does not exist for us, in the page or the API.
      await vp.goto(`${base}/leads/${foreign.id}`);
      await vp.getByRole('alert').waitFor();
      assert.match(await vp.getByRole('alert').textContent() ?? '', /not found/i);
      await vp.goto(`${base}/leads?search=Otherco`);
      await vp.getByText('No lead matches these filters.').waitFor();
    } finally {
      await viewer.close();
    }
  });

  test('CSRF: a form posted from another site is refused, and a request without the token too', async () => {
    const before = (await call(ourKey.key, 'GET', '/keys')).body.data.length;
    const evil = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>prize</title>
        <form id="f" method="POST" action="${base}/api/v1/keys" enctype="text/plain">
          <input name='{"name":"stolen","permissions":["all"],"x":"' value='"}'>
        </form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, 'localhost', resolve));
    try {
      const answer = page.waitForResponse((r) => r.url() === `${base}/api/v1/keys` && r.request().method() === 'POST');
      await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      const res = await answer;
      // Another site: the SameSite cookie stays home (401); were it sent, the missing token (403) or the form encoding (415) refuses it.
      assert.ok([401, 403, 415].includes(res.status()), `refused (${res.status()})`);
    } finally {
      evil.close();
    }
    await page.goto(`${base}/`);
    const noToken = await fromPage(page, 'POST', '/keys', { name: 'stolen', permissions: ['all'] }, false);
    assert.equal(noToken.status, 403, 'no CSRF token, no change');
    assert.equal((await call(ourKey.key, 'GET', '/keys')).body.data.length, before, 'no key was made');
  });

  test('phone width: every page fits 390 px and passes axe', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const pp = await phone.newPage();
    try {
      await signIn(pp, ADMIN.email, ADMIN.password);
      await pp.getByTestId('call').first().waitFor();
      await check(pp, 'today-phone');
      assert.ok((await horizontalOverflow(pp)) <= 0, 'Today fits');
      for (const [link, ready, name] of [
        ['Overview', '.chart canvas', 'overview-phone'],
        ['Leads', 'table tbody tr', 'leads-phone'],
        ['Developments', 'table tbody tr', 'developments-phone'],
        ['Webhooks', '.hook-list li', 'webhooks-phone'],
        ['Settings', 'table tbody tr', 'settings-phone'],
      ] as const) {
        await visit(pp, link, ready, name);
        assert.ok((await horizontalOverflow(pp)) <= 0, `${link} fits 390 px`);
      }
      await pp.goto(`${base}/leads/${browsing.id}`);
      await pp.locator('.chart canvas').waitFor();
      await check(pp, 'lead-phone');
      assert.ok((await horizontalOverflow(pp)) <= 0, 'the lead page fits');
    } finally {
      await phone.close();
    }
  });

  test('an idle session ends: the next action returns to sign-in; signing out ends the session', async () => {
    await page.goto(`${base}/overview`);
    await page.locator('.chart canvas').waitFor();
    // Two hours without use, past the one-hour idle timeout this server runs with.
    await database.db.execute(sql`update sessions set last_seen_at = now() - interval '2 hours'`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByText('Your session has ended. Sign in again to continue.').waitFor();

    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    const after = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).status);
    assert.equal(after, 401, 'the session is gone on the server too');
    assert.ok(shots.length >= 18, 'every page photographed');
  });
});
