import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { openDatabase, queryRows, type Database } from '../src/db/client.ts';
import { createUpkeepWorker, runUpkeep } from '../src/db/upkeep.ts';
import { createCompany } from '../src/companies/service.ts';
import { createLead } from '../src/leads/service.ts';
import { cliContext } from '../src/context/context.ts';
import { createTestDatabase, TEST_DATABASE_URL } from './helpers/database.ts';

const config = loadConfig({ LOG_LEVEL: 'silent' });

/** PGlite with some leads, and its statistics flushed (they are published at most once a second). */
async function pgliteWithLeads(n: number): Promise<{ database: Database; companyId: string }> {
  const database = await openDatabase({ kind: 'pglite-memory' });
  await database.migrate();
  const company = await createCompany(database.db, 'Upkeep Homes');
  for (let i = 0; i < n; i++) {
    await createLead(cliContext(database.db, company.id), { full_name: `Buyer ${i}`, email: `buyer${i}@example.com`, budget: '£450k' });
  }
  await new Promise((r) => setTimeout(r, 1100));
  await queryRows(database.db, sql`select 1`);
  return { database, companyId: company.id };
}

const reltuples = async (database: Database, table: string) =>
  Number((await queryRows<{ n: number }>(database.db, sql`select reltuples as n from pg_class where relname = ${table}`))[0]!.n);

test('PGlite: tables past the thresholds are analysed, and the lead list then reads its index', async () => {
  const { database, companyId } = await pgliteWithLeads(300);
  after(() => database.close());
  assert.ok((await reltuples(database, 'leads')) < 0, 'never analysed: the planner guesses');

  const done = await runUpkeep(database.db);
  assert.ok([...done.analyzed, ...done.vacuumed].includes('leads'), JSON.stringify(done));
  assert.ok([...done.analyzed, ...done.vacuumed].includes('lead_scores'), JSON.stringify(done));
  assert.ok((await reltuples(database, 'leads')) >= 250, 'the planner now knows the table');

  const plan = (await queryRows<{ 'QUERY PLAN': string }>(database.db, sql`explain select id from leads
    where company_id = ${companyId} and status <> 'Archived' order by created_at desc nulls last, id desc nulls last limit 20`))
    .map((r) => r['QUERY PLAN']).join('\n');
  assert.match(plan, /Index Scan using leads_company_created_idx/, plan);

  const again = await runUpkeep(database.db);
  assert.ok(!again.analyzed.includes('leads') && !again.vacuumed.includes('leads'), 'nothing to do until the table changes again');
});

test('PGlite: the upkeep worker runs on start and stops cleanly', async () => {
  const { database } = await pgliteWithLeads(60);
  after(() => database.close());
  const worker = createUpkeepWorker({ config, database });
  worker.start();
  await worker.stop();
  assert.ok((await reltuples(database, 'leads')) > 0);
});

test('PostgreSQL: the upkeep worker leaves the work to autovacuum', { skip: TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, async () => {
  const database = await createTestDatabase();
  after(() => database.drop());
  const company = await createCompany(database.db, 'Upkeep Homes');
  for (let i = 0; i < 60; i++) await createLead(cliContext(database.db, company.id), { full_name: `Buyer ${i}`, email: `b${i}@example.com` });
  const worker = createUpkeepWorker({ config, database });
  worker.start();
  await worker.stop();
  const [row] = await queryRows<{ last_analyze: Date | null }>(database.db, sql`select last_analyze from pg_stat_user_tables where relname = 'leads'`);
  assert.equal(row!.last_analyze, null, 'no manual ANALYZE on PostgreSQL');
});
