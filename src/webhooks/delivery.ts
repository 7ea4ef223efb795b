/**
 * Delivering one event to one subscription, as a job of the durable queue: load the
 * subscription, sign, send through the SSRF-guarded sender, log the attempt, keep the
 * subscription's health. Up to 4 attempts (3 retries) from WEBHOOK_RETRY_BASE_MS, ×4 each time.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { batched } from '../db/batched.ts';
import { bulkInsert } from '../db/bulk-insert.ts';
import type { Db } from '../db/client.ts';
import { events, webhookDeliveries, webhookSubscriptions } from '../db/schema/index.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Job } from '../jobs/queue.ts';
import { retryDelayMs, type RetryPolicy } from '../jobs/retry.ts';
import { PermanentFailure, RetryLater, type JobHandler } from '../jobs/worker.ts';
import type { SendResult, WebhookSender } from './sender.ts';
import { deliveryHeaders, eventBody } from './signature.ts';

export const DELIVER_JOB = 'webhook.deliver';
/** A failed delivery is retried up to 3 times. */
export const DELIVERY_ATTEMPTS = 4;

/**
 * A delivery job names its event; the body is the event's own row (one stored body per event,
 * however many subscriptions it fans out to), turned into the same bytes on every attempt.
 */
export interface DeliverPayload {
  subscription_id: string;
  event_id: string;
  event_type: string;
  /** Only in jobs enqueued before bodies were read from the event: sent as stored. */
  body?: string;
}

/** What is signed and sent: a delivery's body, or a test send's. */
export interface SignedSend {
  event_id: string;
  event_type: string;
  body: string;
}

export interface DeliveryDeps {
  db: Db;
  config: Pick<Config, 'webhookRetryBaseMs' | 'webhookDisableAfterHours'>;
  sender: WebhookSender;
  secretBox: () => Promise<SecretBox>;
  random?: () => number;
}

type Subscription = typeof webhookSubscriptions.$inferSelect;
type DeliveryLogRow = typeof webhookDeliveries.$inferInsert;

export function deliveryPolicy(baseMs: number): RetryPolicy {
  // Retry-After may ask for longer than our own schedule, but never park a delivery past an hour
  // (or twice our longest wait, for very slow schedules).
  return { maxAttempts: DELIVERY_ATTEMPTS, baseMs, factor: 4, maxDelayMs: Math.max(baseMs * 128, 3_600_000) };
}

/** The context a subscription's secret is sealed under: it opens on that row only. */
export const secretContext = (subscriptionId: string) => `webhook_subscription:${subscriptionId}`;

export function webhookDeliveryHandler(deps: DeliveryDeps): JobHandler {
  const policy = deliveryPolicy(deps.config.webhookRetryBaseMs);
  const random = deps.random ?? Math.random;
  // A worker runs many deliveries at once: their subscription reads and their log rows go to the
  // database in batches (src/db/batched.ts), not one statement each.
  const subscriptionById = batched(async (ids: string[]) => {
    const rows = await deps.db.select().from(webhookSubscriptions).where(inArray(webhookSubscriptions.id, [...new Set(ids)]));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id));
  });
  const bodyByEventId = batched(async (ids: string[]) => {
    const rows = await deps.db.select().from(events).where(inArray(events.id, [...new Set(ids)]));
    const byId = new Map(rows.map((row) => [row.id, eventBody(row)]));
    return ids.map((id) => byId.get(id));
  });
  const logAttempts = batched(async (rows: DeliveryLogRow[]) => {
    await bulkInsert(deps.db, webhookDeliveries, rows);
    return rows.map(() => undefined);
  });
  return {
    kind: DELIVER_JOB,
    async run(job) {
      const p = job.payload as unknown as DeliverPayload;
      const sub = await subscriptionById(p.subscription_id);
      // Checked on every attempt: a deleted or disabled subscription gets nothing more.
      if (!sub || sub.deletedAt) throw new PermanentFailure('subscription deleted');
      if (sub.status !== 'active') throw new PermanentFailure(`subscription disabled: ${sub.disabledReason ?? 'by its owner'}`);
      const body = p.body ?? (await bodyByEventId(p.event_id));
      if (body === undefined) throw new PermanentFailure('the event is no longer stored');
      const result = await sendSigned(deps, sub, { event_id: p.event_id, event_type: p.event_type, body }, new Date());
      const gone = result.statusCode === 410;
      // A URL the SSRF guard refuses is refused again on every retry: that is not a transient fault.
      const refused = result.blocked === true;
      const willRetry = !result.ok && !gone && !refused && job.attempts < job.maxAttempts;
      const delay = willRetry ? retryDelayMs(policy, job.attempts, random(), result.retryAfterMs) : null;
      await recordAttempt({ ...deps, logAttempt: logAttempts }, sub, { job, payload: p, result, nextAttemptAt: delay === null ? null : new Date(Date.now() + delay) });
      if (result.ok) return;
      if (gone) throw new PermanentFailure('HTTP 410: the receiver says the endpoint is gone; subscription disabled');
      if (refused) throw new PermanentFailure(`${result.error ?? 'URL refused'}; not retried`);
      throw new RetryLater(result.error ?? 'failed', delay ?? undefined);
    },
    retryDelay(job, err) {
      if (err instanceof RetryLater && err.retryInMs !== undefined) return err.retryInMs;
      return retryDelayMs(policy, job.attempts, random());
    },
  };
}

export async function sendSigned(deps: Pick<DeliveryDeps, 'sender' | 'secretBox'>, sub: Subscription, p: SignedSend, now: Date): Promise<SendResult> {
  const secret = (await deps.secretBox()).open(sub.secretCiphertext, secretContext(sub.id));
  const headers = deliveryHeaders({ eventId: p.event_id, eventType: p.event_type, body: p.body, secret, now });
  return deps.sender.send(sub.url, p.body, headers);
}

interface Attempt {
  job: Job | null;
  payload: Pick<DeliverPayload, 'event_id' | 'event_type'>;
  result: SendResult;
  nextAttemptAt: Date | null;
}

/**
 * Logs the attempt and updates the subscription's health. The common case (a success on a healthy
 * endpoint) is one insert, batched with its neighbours when the worker passes `logAttempt`;
 * otherwise the log row and the health change commit together.
 */
export async function recordAttempt(
  deps: Pick<DeliveryDeps, 'db' | 'config'> & { logAttempt?: (row: DeliveryLogRow) => Promise<void> },
  sub: Subscription,
  a: Attempt,
) {
  const { result } = a;
  const logRow: DeliveryLogRow = {
    id: randomUUID(),
    companyId: sub.companyId,
    subscriptionId: sub.id,
    eventId: a.payload.event_id,
    eventType: a.payload.event_type,
    jobId: a.job?.id ?? null,
    attempt: a.job?.attempts ?? 1,
    status: result.ok ? ('succeeded' as const) : ('failed' as const),
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    error: result.error,
    responseSnippet: result.responseSnippet,
    // Set here, not by the database's default: a batched insert stores every column as given.
    attemptedAt: new Date(),
    nextAttemptAt: a.nextAttemptAt,
  };
  // A test send says nothing about the endpoint's health; a success on a healthy one changes nothing.
  if (!a.job || (result.ok && !sub.failingSince)) {
    await (deps.logAttempt ? deps.logAttempt(logRow) : deps.db.insert(webhookDeliveries).values(logRow));
    return;
  }
  await deps.db.transaction(async (tx) => {
    await tx.insert(webhookDeliveries).values(logRow);
    if (result.ok) {
      await tx.update(webhookSubscriptions).set({ failingSince: null })
        .where(and(eq(webhookSubscriptions.id, sub.id), isNotNull(webhookSubscriptions.failingSince)));
      return;
    }
    const reason = disableReason(sub, result, deps.config.webhookDisableAfterHours, new Date());
    await tx
      .update(webhookSubscriptions)
      .set(reason
        ? { failingSince: sub.failingSince ?? new Date(), status: 'disabled', disabledReason: reason, disabledAt: new Date(), updatedAt: new Date() }
        : { failingSince: sub.failingSince ?? new Date() })
      .where(and(eq(webhookSubscriptions.id, sub.id), eq(webhookSubscriptions.status, 'active')));
  });
}

/** Why a failed attempt disables its subscription, or null. Pure. */
export function disableReason(sub: Pick<Subscription, 'failingSince'>, result: Pick<SendResult, 'statusCode'>, disableAfterHours: number, now: Date): string | null {
  if (result.statusCode === 410) return 'The endpoint answered 410 Gone';
  if (sub.failingSince && now.getTime() - sub.failingSince.getTime() >= disableAfterHours * 3_600_000) {
    return `Every delivery failed for ${disableAfterHours} hours (since ${sub.failingSince.toISOString()})`;
  }
  return null;
}
