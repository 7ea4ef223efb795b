/**
 * Retention: webhook delivery logs are kept 30 days. Finished jobs and dispatched
 * outbox events are working state, not records, and go after the same 30 days. Idempotency keys
 * are replayed for 24 hours and go a day after they were made: their stored responses can hold a
 * secret shown once (a new webhook's signing secret). Runs as a daily job (enqueued with a
 * per-day dedupe key, so a fleet of workers runs it once) and on demand with
 * `naybourhood retention run`.
 */
import { and, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';
import { events, idempotencyKeys, jobs, webhookDeliveries } from '../db/schema/index.ts';
import { enqueueJobs } from '../jobs/queue.ts';
import type { JobHandler } from '../jobs/worker.ts';

export const RETENTION_JOB = 'retention.run';
export const RETENTION_DAYS = { webhook_deliveries: 30, jobs: 30, events: 30, idempotency_keys: 1 } as const;
/** Deleting in slices keeps each statement short, so nothing else waits long on its locks. */
const SLICE = 5000;

export type RetentionCounts = Record<keyof typeof RETENTION_DAYS, number>;

export async function runRetention(db: Db, now: Date = new Date()): Promise<RetentionCounts> {
  const cutoff = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const deliveriesBefore = cutoff(RETENTION_DAYS.webhook_deliveries);
  const jobsBefore = cutoff(RETENTION_DAYS.jobs);
  const eventsBefore = cutoff(RETENTION_DAYS.events);
  const keysBefore = cutoff(RETENTION_DAYS.idempotency_keys);
  return {
    webhook_deliveries: await inSlices(async () =>
      (await db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id,
        db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(lt(webhookDeliveries.attemptedAt, deliveriesBefore)).limit(SLICE),
      )).returning({ id: webhookDeliveries.id })).length),
    jobs: await inSlices(async () =>
      (await db.delete(jobs).where(inArray(jobs.id,
        db.select({ id: jobs.id }).from(jobs).where(and(sql`${jobs.status} <> 'pending'`, lt(jobs.finishedAt, jobsBefore))).limit(SLICE),
      )).returning({ id: jobs.id })).length),
    events: await inSlices(async () =>
      (await db.delete(events).where(inArray(events.id,
        db.select({ id: events.id }).from(events).where(and(isNotNull(events.dispatchedAt), lt(events.createdAt, eventsBefore))).limit(SLICE),
      )).returning({ id: events.id })).length),
    // The table's key is (company_id, key); a slice is picked by row address instead.
    idempotency_keys: await inSlices(async () =>
      (await queryRows(db, sql`delete from ${idempotencyKeys} where ctid in (
        select ctid from ${idempotencyKeys} where ${idempotencyKeys.createdAt} < ${keysBefore.toISOString()}::timestamptz limit ${SLICE}
      ) returning 1`)).length),
  };
}

async function inSlices(deleteSlice: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deleteSlice();
    total += n;
    if (n < SLICE) return total;
  }
}

/** Enqueues today's retention run unless it is already queued or done. */
export async function scheduleRetention(db: Db, now: Date): Promise<void> {
  await enqueueJobs(db, [{ kind: RETENTION_JOB, payload: {}, maxAttempts: 3, dedupeKey: `retention:${now.toISOString().slice(0, 10)}` }]);
}

export function retentionHandler(db: Db): JobHandler {
  return {
    kind: RETENTION_JOB,
    async run() {
      await runRetention(db);
    },
    retryDelay: () => 60_000,
  };
}
