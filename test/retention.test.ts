import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createCompany } from '../src/companies/service.ts';
import { openDatabase } from '../src/db/client.ts';
import type { Db } from '../src/db/client.ts';
import { events, idempotencyKeys, jobs, webhookDeliveries, webhookSubscriptions } from '../src/db/schema/index.ts';
import { runRetention, scheduleRetention, RETENTION_JOB } from '../src/retention/service.ts';
import { createTestDatabase } from './helpers/database.ts';
import { after } from 'node:test';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

/** A company with one subscription and delivery rows of the given ages (days). */
async function seed(db: Db, deliveryAges: number[]) {
  const company = await createCompany(db, 'Retention Ltd');
  const subId = randomUUID();
  await db.insert(webhookSubscriptions).values({ id: subId, companyId: company.id, url: 'https://example.com/h', events: ['lead.created'], secretCiphertext: 'v1.x.x.x.x' });
  await db.insert(webhookDeliveries).values(deliveryAges.map((days, i) => ({
    id: randomUUID(), companyId: company.id, subscriptionId: subId, eventId: randomUUID(), eventType: 'lead.created',
    attempt: i + 1, status: 'failed' as const, statusCode: 500, durationMs: 3, attemptedAt: ago(days),
  })));
  return { companyId: company.id, subId };
}

describe('retention', () => {
  test('delivery logs, finished jobs and dispatched events older than 30 days and idempotency keys older than a day go; everything else stays', async () => {
    const database = await createTestDatabase();
    after(() => database.drop());
    const db = database.db;
    const { companyId } = await seed(db, [31, 45, 29, 1, 0]);
    await db.insert(jobs).values([
      { id: randomUUID(), kind: 'x', payload: {}, maxAttempts: 1, status: 'succeeded', finishedAt: ago(40) },
      { id: randomUUID(), kind: 'x', payload: {}, maxAttempts: 1, status: 'failed', finishedAt: ago(31) },
      { id: randomUUID(), kind: 'x', payload: {}, maxAttempts: 1, status: 'succeeded', finishedAt: ago(2) },
      { id: randomUUID(), kind: 'x', payload: {}, maxAttempts: 1, status: 'pending', createdAt: ago(90) },
    ]);
    await db.insert(events).values([
      { id: randomUUID(), companyId, type: 'lead.created', data: {}, createdAt: ago(40), dispatchedAt: ago(40) },
      { id: randomUUID(), companyId, type: 'lead.created', data: {}, createdAt: ago(40) }, // never dispatched: kept
      { id: randomUUID(), companyId, type: 'lead.created', data: {}, createdAt: ago(3), dispatchedAt: ago(3) },
    ]);
    const hours = (h: number) => new Date(Date.now() - h * 3_600_000);
    await db.insert(idempotencyKeys).values([
      { companyId, key: 'old', requestHash: 'h', statusCode: 201, responseBody: '{"secret":"whsec_x"}', createdAt: hours(25) },
      { companyId, key: 'older', requestHash: 'h', statusCode: 201, responseBody: '{}', createdAt: hours(24 * 40) },
      { companyId, key: 'fresh', requestHash: 'h', statusCode: 201, responseBody: '{}', createdAt: hours(23) },
    ]);
    assert.deepEqual(await runRetention(db), { webhook_deliveries: 2, jobs: 2, events: 1, idempotency_keys: 2 });
    const left = await db.select().from(webhookDeliveries);
    assert.deepEqual(left.map((d) => Math.round((Date.now() - d.attemptedAt.getTime()) / DAY)).sort(), [0, 1, 29]);
    assert.deepEqual((await db.select().from(jobs)).map((j) => j.status).sort(), ['pending', 'succeeded']);
    assert.equal((await db.select().from(events)).length, 2);
    assert.deepEqual((await db.select().from(idempotencyKeys)).map((k) => k.key), ['fresh']);
    assert.deepEqual(await runRetention(db), { webhook_deliveries: 0, jobs: 0, events: 0, idempotency_keys: 0 });
  });

  test('the daily job is enqueued once per day however many workers ask', async () => {
    const database = await createTestDatabase();
    after(() => database.drop());
    const now = new Date('2026-03-01T10:00:00Z');
    await Promise.all([1, 2, 3].map(() => scheduleRetention(database.db, now)));
    await scheduleRetention(database.db, new Date('2026-03-01T23:59:00Z'));
    assert.equal((await database.db.select().from(jobs).where(eq(jobs.kind, RETENTION_JOB))).length, 1);
    await scheduleRetention(database.db, new Date('2026-03-02T00:01:00Z'));
    assert.equal((await database.db.select().from(jobs).where(eq(jobs.kind, RETENTION_JOB))).length, 2);
  });

  test('`naybourhood retention run` deletes old delivery logs', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nb-retention-'));
    after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const database = await openDatabase({ kind: 'pglite', dataDir });
    await database.migrate();
    await seed(database.db, [31, 2]);
    await database.close();
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/naybourhood.js', 'retention', 'run', '--json'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    assert.deepEqual(JSON.parse(stdout), { deleted: { webhook_deliveries: 1, jobs: 0, events: 0, idempotency_keys: 0 } });
  });
});
