/**
 * Fan-out from the events outbox: in one transaction, claim undispatched events (FOR UPDATE SKIP
 * LOCKED, so concurrent dispatchers take disjoint batches), enqueue one delivery job per matching
 * subscription (naming the event, not copying its body), and mark the events dispatched. A crash anywhere rolls all three back together, so
 * an event is either waiting or fully fanned out, never half.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { events, webhookSubscriptions } from '../db/schema/index.ts';
import { enqueueJobs, type NewJob } from '../jobs/queue.ts';
import { DELIVER_JOB, DELIVERY_ATTEMPTS, type DeliverPayload } from './delivery.ts';
import { planDeliveries } from './fanout.ts';

/** Keeps one enqueue statement bounded when events have many subscriptions. */
const ENQUEUE_CHUNK = 1000;

export async function dispatchEvents(db: Db, batchSize: number): Promise<{ events: number; deliveries: number }> {
  return db.transaction(async (tx) => {
    const batch = await tx
      .select()
      .from(events)
      .where(isNull(events.dispatchedAt))
      .orderBy(asc(events.createdAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (batch.length === 0) return { events: 0, deliveries: 0 };
    const companyIds = [...new Set(batch.map((e) => e.companyId))];
    const subscriptions = await tx
      .select({ id: webhookSubscriptions.id, companyId: webhookSubscriptions.companyId, events: webhookSubscriptions.events, createdAt: webhookSubscriptions.createdAt })
      .from(webhookSubscriptions)
      .where(and(inArray(webhookSubscriptions.companyId, companyIds), eq(webhookSubscriptions.status, 'active'), isNull(webhookSubscriptions.deletedAt)));
    const plan = planDeliveries(batch, subscriptions);
    const byId = new Map(batch.map((e) => [e.id, e]));
    const jobs: NewJob[] = plan.map(({ eventId, subscriptionId }) => {
      const e = byId.get(eventId)!;
      // The job names the event; its body stays in the event's row, stored once however wide the fan-out.
      const payload: DeliverPayload = { subscription_id: subscriptionId, event_id: e.id, event_type: e.type };
      // The dedupe key makes fan-out idempotent should an event ever be dispatched twice.
      return { kind: DELIVER_JOB, companyId: e.companyId, payload: { ...payload }, maxAttempts: DELIVERY_ATTEMPTS, dedupeKey: `${e.id}:${subscriptionId}` };
    });
    for (let i = 0; i < jobs.length; i += ENQUEUE_CHUNK) await enqueueJobs(tx, jobs.slice(i, i + ENQUEUE_CHUNK));
    await tx.update(events).set({ dispatchedAt: sql`now()` }).where(inArray(events.id, batch.map((e) => e.id)));
    return { events: batch.length, deliveries: jobs.length };
  });
}
