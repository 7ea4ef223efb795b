/**
 * Every way in attributes what it does to who did it: a service reached through HTTP sees the API
 * key, through a background job the worker (`system:<worker>`), through the CLI the CLI. The
 * score history records the actor, so each path is checked where it lands. (Dashboard users
 * arrive through the same request context as API keys.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import type { Actor } from '../src/context/actor.ts';
import type { Db } from '../src/db/client.ts';
import { openConfiguredDatabase } from '../src/db/open.ts';
import { leads, leadScores } from '../src/db/schema/index.ts';
import { createLeadScoringWorker } from '../src/leadscoring/worker.ts';
import { leadInput, startTestApp } from './helpers/app.ts';
import { buyerDelivery, drain, postDelivery } from './helpers/typeform.ts';

const { app, tenant, database, config } = await startTestApp();

const actorsOfLead = async (db: Db, leadId: string): Promise<(Actor | null)[]> =>
  (await db.select({ actor: leadScores.actor }).from(leadScores).where(eq(leadScores.leadId, leadId))).map((r) => r.actor);

test('an API key: a lead created over HTTP is scored by that key, named', async () => {
  const t = await tenant(['leads_write']);
  const res = await t.request('POST', '/api/v1/leads', leadInput());
  assert.equal(res.statusCode, 201, res.body);
  assert.deepEqual(await actorsOfLead(database.db, res.json().id), [{ kind: 'api_key', keyId: t.keyId, name: 'test' }]);
});

test('a worker: a Typeform submission is scored by system:leadscoring', async () => {
  const t = await tenant();
  const email = 'worker.actor@example.com';
  assert.equal((await postDelivery(app, buyerDelivery(t.companyId, { email }))).statusCode, 200);
  await drain(createLeadScoringWorker({ config, database }));
  const [lead] = await database.db.select({ id: leads.id }).from(leads).where(eq(leads.email, email));
  assert.ok(lead, 'the worker created the lead');
  assert.deepEqual(await actorsOfLead(database.db, lead.id), [{ kind: 'system', worker: 'leadscoring' }]);
});

test('the CLI: seed-demo scores its leads as cli', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'nb-actor-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const run = spawnSync(process.execPath, [path.resolve('bin/naybourhood.js'), 'seed-demo', '--leads', '3', '--json'], { env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const db = await openConfiguredDatabase(loadConfig({ DATA_DIR: dir }));
  try {
    const actors = (await db.db.select({ actor: leadScores.actor }).from(leadScores)).map((r) => r.actor);
    assert.equal(actors.length, 3);
    assert.deepEqual(new Set(actors.map((a) => JSON.stringify(a))), new Set([JSON.stringify({ kind: 'cli' })]));
  } finally {
    await db.close();
  }
});
