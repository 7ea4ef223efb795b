/**
 * Durability across processes: a worker SIGKILLed in the middle of deliveries and restarted
 * delivers every event (at least once; receivers dedupe on X-Webhook-Id), on PGlite and on
 * PostgreSQL; and two worker processes sharing one PostgreSQL never make the same attempt twice.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createCompany } from '../src/companies/service.ts';
import { loadSecretBox } from '../src/crypto/secret-box.ts';
import { openDatabase, type Db } from '../src/db/client.ts';
import { events, jobs, webhookDeliveries, webhookSubscriptions } from '../src/db/schema/index.ts';
import { recordEvents } from '../src/events/outbox.ts';
import { secretContext } from '../src/webhooks/delivery.ts';
import { createTestDatabase, TEST_DATABASE_URL } from './helpers/database.ts';
import { startReceiver, waitUntil, type Endpoint } from './helpers/receiver.ts';

const receiver = await startReceiver();

const WORKER_ENV = {
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_JOB_LEASE_MS: '2000',
  WEBHOOK_POLL_MS: '10',
  WEBHOOK_RETRY_BASE_MS: '20',
  WEBHOOK_CONCURRENCY: '8',
  LOG_LEVEL: 'warn',
};

interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  output: () => string;
}

function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['bin/naybourhood.js', 'serve', '--role', 'worker'], {
    env: { ...process.env, ...WORKER_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      if (out.includes('worker running')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk));
    exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready:\n${out}`)));
  });
  ready.catch(() => undefined);
  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, ready, exited, output: () => out };
}

/** A company subscribed to `ep`, and `n` lead.created events waiting in the outbox. */
async function seedEvents(db: Db, ep: Endpoint, n: number): Promise<{ companyId: string; eventIds: string[] }> {
  const company = await createCompany(db, 'Crash Test Homes');
  const subId = randomUUID();
  const box = await loadSecretBox(db, { sessionSecret: undefined, sealingKeys: [] });
  await db.insert(webhookSubscriptions).values({
    id: subId, companyId: company.id, url: ep.url, events: ['lead.created'], secretCiphertext: box.seal('whsec_crash', secretContext(subId)),
    createdAt: new Date(Date.now() - 60_000),
  });
  for (let i = 0; i < n; i += 200) {
    await db.transaction((tx) =>
      recordEvents(tx, company.id, Array.from({ length: Math.min(200, n - i) }, (_, j) => ({ type: 'lead.created' as const, data: { n: i + j } }))),
    );
  }
  const rows = await db.select({ id: events.id }).from(events).where(eq(events.companyId, company.id));
  return { companyId: company.id, eventIds: rows.map((r) => r.id) };
}

const uniqueIds = (ep: Endpoint) => new Set(ep.received.map((r) => String(r.headers['x-webhook-id'])));

/** Kills a worker mid-deliveries, restarts it, and checks that every event arrives. */
async function crashAndRecover(workerEnv: Record<string, string>, eventIds: string[], ep: Endpoint) {
  const first = spawnWorker(workerEnv);
  await first.ready;
  await waitUntil(() => (uniqueIds(ep).size >= eventIds.length / 4 ? true : undefined), 60_000, 'the first deliveries');
  first.child.kill('SIGKILL');
  await first.exited;
  const deliveredBeforeCrash = uniqueIds(ep).size;
  assert.ok(deliveredBeforeCrash < eventIds.length, `killed mid-deliveries (${deliveredBeforeCrash}/${eventIds.length} delivered)`);

  const second = spawnWorker(workerEnv);
  await second.ready;
  await waitUntil(() => (uniqueIds(ep).size >= eventIds.length ? true : undefined), 90_000, `all ${eventIds.length} events (got ${uniqueIds(ep).size})`);
  // Deliveries the dead worker had sent but not recorded are still leased to it: they are sent
  // again (the at-least-once duplicates) once the lease (2 s) runs out. Let that happen.
  await new Promise((r) => setTimeout(r, Number(WORKER_ENV.WEBHOOK_JOB_LEASE_MS) + 2000));
  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 0, second.output());
  const got = uniqueIds(ep);
  assert.ok(eventIds.every((id) => got.has(id)), 'every event delivered');
  return { deliveredBeforeCrash, duplicates: ep.received.length - got.size };
}

/** Every delivery job finished, and no event left undispatched. */
async function assertSettled(db: Db, companyId: string, n: number) {
  const rows = await db.select().from(jobs).where(eq(jobs.companyId, companyId));
  assert.equal(rows.length, n);
  assert.ok(rows.every((j) => j.status === 'succeeded'), 'all delivery jobs succeeded');
  const waiting = (await db.select().from(events).where(eq(events.companyId, companyId))).filter((e) => !e.dispatchedAt);
  assert.equal(waiting.length, 0);
}

describe('a worker killed mid-deliveries', { timeout: 240_000 }, () => {
  test('PGlite: restarted, it delivers every event', async (t) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-crash-'));
    after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const ep = receiver.endpoint(() => ({ status: 200, delayMs: 20 }));
    // PGlite's folder is one process's at a time: seed it, close it, then hand it to the worker.
    let database = await openDatabase({ kind: 'pglite', dataDir });
    await database.migrate();
    const { companyId, eventIds } = await seedEvents(database.db, ep, 300);
    await database.close();
    const outcome = await crashAndRecover({ DATA_DIR: dataDir, DATABASE_URL: '' }, eventIds, ep);
    database = await openDatabase({ kind: 'pglite', dataDir });
    await assertSettled(database.db, companyId, 300);
    await database.close();
    t.diagnostic(`PGlite: ${outcome.deliveredBeforeCrash} delivered before the kill, ${outcome.duplicates} redelivered after it`);
  });

  test('PostgreSQL: restarted, it delivers every event', { skip: TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, async () => {
    const database = await createTestDatabase();
    after(() => database.drop());
    const ep = receiver.endpoint(() => ({ status: 200, delayMs: 20 }));
    const { companyId, eventIds } = await seedEvents(database.db, ep, 300);
    await crashAndRecover({ DATABASE_URL: database.url! }, eventIds, ep);
    await assertSettled(database.db, companyId, 300);
  });
});

test('PostgreSQL: two worker processes deliver 1,000 events with no attempt made twice', { skip: TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL (PostgreSQL)', timeout: 180_000 }, async () => {
  const database = await createTestDatabase();
  after(() => database.drop());
  const ep = receiver.endpoint(() => ({ status: 200, delayMs: 5 }));
  const workers = [spawnWorker({ DATABASE_URL: database.url! }), spawnWorker({ DATABASE_URL: database.url! })];
  await Promise.all(workers.map((w) => w.ready));
  // Both are polling before the events appear, so both take part.
  const { companyId, eventIds } = await seedEvents(database.db, ep, 1000);
  await waitUntil(() => (uniqueIds(ep).size >= 1000 ? true : undefined), 120_000, 'all 1,000 events');
  await new Promise((r) => setTimeout(r, 500)); // a duplicate, were there one, would arrive now
  for (const w of workers) w.child.kill('SIGTERM');
  for (const w of workers) assert.equal(await w.exited, 0, w.output());

  assert.equal(ep.received.length, 1000, 'each event received exactly once');
  assert.ok(eventIds.every((id) => uniqueIds(ep).has(id)));
  const log = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.companyId, companyId));
  assert.equal(log.length, 1000);
  assert.ok(log.every((d) => d.attempt === 1 && d.status === 'succeeded'));
  const done = await database.db.select().from(jobs).where(eq(jobs.companyId, companyId));
  assert.ok(done.every((j) => j.attempts === 1 && j.status === 'succeeded'));
  const pids = new Set(done.map((j) => j.lockedBy!.split(':')[1]));
  assert.equal(pids.size, 2, 'both workers delivered');
});
