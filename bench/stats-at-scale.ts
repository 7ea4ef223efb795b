/**
 * Developments and stats at scale: seeds N demo leads (seed-demo's generator, scored by the real
 * engine) into DATABASE_URL (PostgreSQL) or a throw-away PGlite directory, then measures
 * GET /stats, GET /developments/:id and GET /leads through the whole app (auth, validation,
 * serialisation) with app.inject, sequentially: p50/p99 over --requests calls per endpoint.
 * For comparison it also times the plain aggregates over `leads` that the rollup replaces.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/nb_bench node --import tsx bench/stats-at-scale.ts --leads 1000000
 *   node --import tsx bench/stats-at-scale.ts --leads 100000            # PGlite
 *   … --company ID    re-measures an already seeded company instead of seeding
 * The last line of output is JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { createApiKey } from '../src/keys/service.ts';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '300' },
    company: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const LEADS = Number(values.leads);
const REQUESTS = Number(values.requests);
const url = process.env.DATABASE_URL;
const pgliteDir = url ? undefined : path.resolve(`.tmp/bench-pglite-${process.pid}`);
const database = url
  ? await openDatabase({ kind: 'postgres', url })
  : await openDatabase({ kind: 'pglite', dataDir: pgliteDir! });
await database.migrate();
const db = database.db;

let companyId = values.company;
let seeding: Awaited<ReturnType<typeof seedDemo>> | undefined;
if (!companyId) {
  let lastPrint = 0;
  seeding = await seedDemo(db, {
    leads: LEADS,
    actor: { kind: 'cli' },
    onProgress: (done, total) => {
      if (done === total || performance.now() - lastPrint > 5_000) {
        lastPrint = performance.now();
        process.stderr.write(`seeded ${done}/${total}\n`);
      }
    },
  });
  companyId = seeding.company_id;
  console.log(`seeded ${seeding.leads} leads into company ${companyId} in ${seeding.seconds} s (${seeding.leads_per_second}/s)`);
}
// Steady state, as autovacuum would leave it: fresh statistics and visibility map.
const vacuumStarted = performance.now();
await db.execute(sql`vacuum analyze leads`);
await db.execute(sql`vacuum analyze lead_daily_rollups`);
await db.execute(sql`vacuum analyze lead_rollup_totals`);
const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;

const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
const [dev] = rows(await db.execute(sql`select id from developments where company_id = ${companyId} order by created_at limit 1`));
const devId = String(dev!.id);
const [{ n: companyLeads } = { n: 0 }] = rows(await db.execute(sql`select count(*)::int as n from leads where company_id = ${companyId}`));

const key = await createApiKey(db, { companyId, name: 'bench', permissions: ['all'], rateLimitPerMinute: 100_000_000 });
const app = await buildApp({ config: loadConfig({ DATA_DIR: '.tmp/unused' }), database, logger: false });
await app.ready();

const monthAgo = new Date(Date.now() - 30 * 86_400_000 + 12_345).toISOString();
const endpoints: [string, string][] = [
  ['GET /stats', '/api/v1/stats'],
  ['GET /stats?development_id', `/api/v1/stats?development_id=${devId}`],
  ['GET /stats?from&to (30 days, mid-day edges)', `/api/v1/stats?from=${monthAgo}&to=${new Date(Date.now() - 3_600_000).toISOString()}`],
  ['GET /developments/:id', `/api/v1/developments/${devId}`],
  ['GET /developments', '/api/v1/developments'],
  ['GET /leads (first page)', '/api/v1/leads'],
  ['GET /leads?classification=Hot Lead', '/api/v1/leads?classification=Hot%20Lead'],
  ['GET /leads?status=Viewing Booked', '/api/v1/leads?status=Viewing%20Booked'],
  ['GET /leads?development_id', `/api/v1/leads?development_id=${devId}`],
  ['GET /leads?classification&development_id', `/api/v1/leads?classification=Qualified&development_id=${devId}`],
  ['GET /leads?limit=20 (cursor)', '/api/v1/leads?limit=20'],
  ['GET /leads?source=Zoopla (counted, not rolled up)', '/api/v1/leads?source=Zoopla'],
  ['GET /leads?search=smith (counted, not rolled up)', '/api/v1/leads?search=smith'],
];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (ms: number) => Math.round(ms * 100) / 100;

async function measure(run: () => Promise<void>, n: number) {
  for (let i = 0; i < Math.min(20, n); i++) await run();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50_ms: round(pct(times, 50)), p99_ms: round(pct(times, 99)), mean_ms: round(times.reduce((s, x) => s + x, 0) / n) };
}

const results: Record<string, { p50_ms: number; p99_ms: number; mean_ms: number }> = {};
for (const [name, target] of endpoints) {
  // Exact counts over the leads table take long at scale: fewer samples are enough for them.
  const n = name.includes('counted') ? Math.min(REQUESTS, 30) : REQUESTS;
  results[name] = await measure(async () => {
    const res = await app.inject({ method: 'GET', url: target, headers: { authorization: `Bearer ${key.key}` } });
    if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
  }, n);
  console.log(`${name.padEnd(52)} p50 ${String(results[name]!.p50_ms).padStart(7)} ms   p99 ${String(results[name]!.p99_ms).padStart(7)} ms`);
}

// What the rollup replaces: the same answers as plain aggregates over the leads table.
const plain: [string, ReturnType<typeof sql>][] = [
  ['plain SQL: stats totals over leads', sql`select classification, status, count(*), sum(quality_score), sum(intent_score) from leads where company_id = ${companyId} and status <> 'Archived' group by 1, 2`],
  ['plain SQL: count(*) for meta.total', sql`select count(*) from leads where company_id = ${companyId} and status <> 'Archived'`],
];
for (const [name, query] of plain) {
  results[name] = await measure(async () => void (await db.execute(query)), 20);
  console.log(`${name.padEnd(52)} p50 ${String(results[name]!.p50_ms).padStart(7)} ms   p99 ${String(results[name]!.p99_ms).padStart(7)} ms`);
}
const [{ n: rollupRows } = { n: 0 }] = rows(await db.execute(sql`select count(*)::int as n from lead_daily_rollups where company_id = ${companyId}`));
const [{ n: totalsRows } = { n: 0 }] = rows(await db.execute(sql`select count(*)::int as n from lead_rollup_totals where company_id = ${companyId}`));

await app.close();
await database.close();
if (pgliteDir && !values.keep) fs.rmSync(pgliteDir, { recursive: true, force: true });

console.log(JSON.stringify({
  bench: 'stats-at-scale',
  database: url ? 'postgres' : 'pglite',
  company_leads: companyLeads,
  rollup_rows: { daily: rollupRows, totals: totalsRows },
  seeding: seeding && { leads: seeding.leads, seconds: seeding.seconds, leads_per_second: seeding.leads_per_second },
  vacuum_analyze_seconds: Math.round(vacuumSeconds * 10) / 10,
  requests_per_endpoint: REQUESTS,
  results,
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  date: new Date().toISOString(),
}));
