/**
 * GET /leads and POST /leads through HTTP on PGlite and PostgreSQL, each beside a raw single-row
 * INSERT of the same lead row through the bare driver, measured in the same run.
 * Run: node --import tsx bench/leads-http.ts [seconds] [pglite|postgres|both]
 */
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type autocannon from 'autocannon';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../src/db/client.ts';
import { companies, leads } from '../src/db/schema/index.ts';
import { scoreColumns } from '../src/leads/mapping.ts';
import { scoreLead } from '../src/scoring/index.ts';
import { BENCH_PG_URL, load, startBenchServer, withPostgresDatabase, type BenchServer, type LoadResult } from './lib/harness.ts';

const seconds = Number(process.argv[2] ?? 5);
const which = process.argv[3] ?? 'both';
const LEAD = { full_name: 'Sarah Chen', phone: '+44 7911 123456', budget: '500000', payment_method: 'mortgage', timeline: '3 months', purpose: 'primary residence', location: 'London', bedrooms: 2, source: 'Website' };

let n = 0;
const uniqueLead = () => JSON.stringify({ ...LEAD, email: `sarah.chen+${++n}-${process.pid}@example.com` });

async function httpRuns(server: BenchServer) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${server.key}` };
  const post = { url: `${server.url}/api/v1/leads`, method: 'POST' as const, headers, requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: uniqueLead() }) }] };
  await load({ ...post, duration: 1 });
  const created = await load({ ...post, duration: seconds });
  // The statistics a running service has within a minute (our upkeep on PGlite, autovacuum on
  // PostgreSQL); without them the planner guesses at a table it thinks is empty.
  await server.upkeep();
  const list = await load({ url: `${server.url}/api/v1/leads?per_page=20`, headers, duration: seconds });
  return { created, list };
}

/** The same row the API would store, inserted through the driver with nothing around it. */
function leadRow(companyId: string) {
  const score = scoreLead(LEAD);
  return { id: randomUUID(), companyId, fullName: LEAD.full_name, email: 'x', phone: LEAD.phone, budget: LEAD.budget, paymentMethod: LEAD.payment_method, timeline: LEAD.timeline, purpose: LEAD.purpose, location: LEAD.location, bedrooms: LEAD.bedrooms, source: LEAD.source, ...scoreColumns(score, new Date()) };
}

async function rawInserts(exec: (sql: string, params: unknown[]) => Promise<unknown>, toSql: (row: ReturnType<typeof leadRow>) => { sql: string; params: unknown[] }, companyId: string, concurrency: number): Promise<number> {
  const template = toSql(leadRow(companyId));
  const idIndex = template.params.findIndex((p) => typeof p === 'string' && /^[0-9a-f-]{36}$/.test(p) && p !== companyId);
  const emailIndex = template.params.indexOf('x');
  let count = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      const params = [...template.params];
      params[idIndex] = randomUUID();
      params[emailIndex] = `raw+${count}-${randomUUID()}@example.com`;
      await exec(template.sql, params);
      count++;
    }
  }));
  return Math.round(count / seconds);
}

async function pgliteRun() {
  const server = await startBenchServer('app');
  const http = await httpRuns(server).finally(() => server.stop());
  const client = new PGlite({ extensions: { pg_trgm } });
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  const companyId = randomUUID();
  await db.insert(companies).values({ id: companyId, name: 'Raw' });
  const raw = await rawInserts((sql, params) => client.query(sql, params), (row) => db.insert(leads).values(row).toSQL(), companyId, 1);
  await client.close();
  return { ...http, raw };
}

async function postgresRun() {
  return withPostgresDatabase(BENCH_PG_URL, async (url) => {
    const server = await startBenchServer('app', { BENCH_DATABASE_URL: url });
    const http = await httpRuns(server).finally(() => server.stop());
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    // pool.end() resolves before its sockets have closed; the forced DROP DATABASE that follows then
    // terminates them, and an unheard 'error' would crash the benchmark after its measurements.
    pool.on('error', () => undefined);
    const { drizzle: drizzlePg } = await import('drizzle-orm/node-postgres');
    const db = drizzlePg(pool);
    const companyId = randomUUID();
    await db.insert(companies).values({ id: companyId, name: 'Raw' });
    const raw = await rawInserts((sql, params) => pool.query(sql, params), (row) => db.insert(leads).values(row).toSQL(), companyId, 8);
    await pool.end();
    return { ...http, raw };
  });
}

const rows: Record<string, unknown>[] = [];
const out: Record<string, unknown> = {};
const add = (db: string, r: { created: LoadResult; list: LoadResult; raw: number }) => {
  rows.push({ database: db, what: 'POST /api/v1/leads', 'req/s': r.created.rps, 'p50 ms': r.created.p50, 'p99 ms': r.created.p99, non2xx: r.created.non2xx });
  rows.push({ database: db, what: 'raw single-row INSERT', 'req/s': r.raw, 'p50 ms': '', 'p99 ms': '', non2xx: '' });
  rows.push({ database: db, what: 'GET /api/v1/leads (20)', 'req/s': r.list.rps, 'p50 ms': r.list.p50, 'p99 ms': r.list.p99, non2xx: r.list.non2xx });
  out[db] = r;
};
if (which !== 'postgres') add('PGlite', await pgliteRun());
if (which !== 'pglite') add('PostgreSQL', await postgresRun());
console.table(rows);
console.log(JSON.stringify({ bench: 'leads-http', ...out }));
