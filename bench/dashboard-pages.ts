/**
 * Dashboard pages in a real browser on a large company: seeds N demo leads (seed-demo's generator)
 * into a PGlite directory (or DATABASE_URL), signs in with Chromium, and times each page from the
 * click (or address) to its content on screen — the median of a few visits. Beside each figure, the
 * same page for a company with 20 leads in the same database and run: what 100,000 leads add.
 *
 *   node --import tsx bench/dashboard-pages.ts --leads 100000            # seeds, then keeps .tmp/bench-dashboard
 *   node --import tsx bench/dashboard-pages.ts --reuse                   # measures the kept database again
 * The last line of output is JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { createUser } from '../src/accounts/users.ts';
import { launchBrowser } from '../test/helpers/browser.ts';

const { values } = parseArgs({
  options: { leads: { type: 'string', default: '100000' }, visits: { type: 'string', default: '5' }, reuse: { type: 'boolean', default: false } },
});
const LEADS = Number(values.leads);
const VISITS = Number(values.visits);
const dir = path.resolve('.tmp/bench-dashboard');
const url = process.env.DATABASE_URL;

if (spawnSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' }).status !== 0) throw new Error('dashboard build failed');
if (!url && !values.reuse) fs.rmSync(dir, { recursive: true, force: true });
const database = url ? await openDatabase({ kind: 'postgres', url }) : await openDatabase({ kind: 'pglite', dataDir: dir });
await database.migrate();
const db = database.db;
const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
const PASSWORD = 'bench password 123';

/** The company of this bench user; else one already seeded with exactly `leads` leads (seed-demo run before); else seeds one. */
async function companyWith(leads: number, email: string) {
  const [user] = rows(await db.execute(sql`select company_id from users where email = ${email}`));
  if (user) return { companyId: String(user.company_id), seeding: undefined };
  const [seeded] = rows(await db.execute(sql`select company_id from leads group by company_id having count(*) = ${leads} limit 1`));
  let seeding: Awaited<ReturnType<typeof seedDemo>> | undefined;
  let companyId = seeded ? String(seeded.company_id) : undefined;
  if (!companyId) {
    let last = 0;
    seeding = await seedDemo(db, {
      leads,
      onProgress: (done, total) => {
        if (done === total || performance.now() - last > 10_000) {
          last = performance.now();
          process.stderr.write(`seeded ${done}/${total}\n`);
        }
      },
    });
    companyId = seeding.company_id;
  }
  await createUser({ db, companyId }, { email, name: 'Bench', role: 'admin', password: PASSWORD });
  return { companyId, seeding };
}

const large = await companyWith(LEADS, 'large@bench.test');
const small = await companyWith(20, 'small@bench.test');
if (large.seeding) console.log(`seeded ${large.seeding.leads} leads in ${large.seeding.seconds} s (${large.seeding.leads_per_second}/s)`);
await db.execute(sql`vacuum analyze leads`);

const app = await buildApp({ config: loadConfig({ DATA_DIR: '.tmp/unused', SESSION_RATE_LIMIT_PER_MINUTE: '100000' }), database, logger: false });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launchBrowser();

const PAGES: [string, string][] = [
  ['Today', '[data-testid=call]'],
  ['Overview', '.chart canvas'],
  ['Leads', 'table tbody tr'],
  ['Developments', 'table tbody tr'],
  ['Webhooks', 'h1:text("Webhooks")'],
  ['Settings', '[data-testid=key-row], .empty'],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeIt(run: () => Promise<void>) {
  const times: number[] = [];
  await run(); // warm: the browser's cache and the database's, as for a user on their second click
  for (let i = 0; i < VISITS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return Math.round(median(times));
}

async function measure(email: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page: Page = await context.newPage();
  const result: Record<string, number> = {};
  result['sign-in to Today'] = await timeIt(async () => {
    await context.clearCookies();
    await page.goto(`${base}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-testid=call]').first().waitFor();
  });
  for (const [name, ready] of PAGES) {
    result[name] = await timeIt(async () => {
      await page.goto(`${base}/developments`); // start elsewhere so the click is a real change of page
      await page.locator('h1').first().waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
      await page.locator(ready).first().waitFor();
    });
  }
  const addresses: [string, string, string][] = [
    ['Leads sorted by p_sql (address)', '/leads?sort=p_sql', 'table tbody tr'],
    ['Leads sorted by quality, Hot only (address)', '/leads?sort=quality_score&classification=Hot%20Lead', 'table tbody tr'],
    ['Leads searched "smith" (address)', '/leads?search=smith', 'table tbody tr, .empty'],
  ];
  for (const [name, path, ready] of addresses) {
    result[name] = await timeIt(async () => {
      await page.goto(`${base}${path}`);
      await page.locator(ready).first().waitFor();
    });
  }
  const [lead] = rows(await db.execute(sql`select l.id from leads l join users u on u.company_id = l.company_id where u.email = ${email} order by l.created_at desc limit 1`));
  result['Lead page (address)'] = await timeIt(async () => {
    await page.goto(`${base}/leads/${lead!.id}`);
    await page.locator('.chart canvas').waitFor();
  });
  await context.close();
  return result;
}

const largeTimes = await measure('large@bench.test');
const smallTimes = await measure('small@bench.test');
await browser.close();
await app.close();
const [{ n } = { n: 0 }] = rows(await db.execute(sql`select count(*)::int as n from leads where company_id = ${large.companyId}`));
await database.close();

for (const name of Object.keys(largeTimes)) {
  console.log(`${name.padEnd(48)} ${String(largeTimes[name]).padStart(6)} ms   (20 leads: ${smallTimes[name]} ms)`);
}
console.log(JSON.stringify({
  bench: 'dashboard-pages',
  database: url ? 'postgres' : 'pglite',
  company_leads: n,
  seeding: large.seeding && { leads: large.seeding.leads, seconds: large.seeding.seconds, leads_per_second: large.seeding.leads_per_second },
  visits: VISITS,
  median_ms: largeTimes,
  reference_20_leads_ms: smallTimes,
}));
