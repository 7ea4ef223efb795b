import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companies, timestamps } from './companies.ts';

export const SUBSCRIPTION_STATUSES = ['active', 'disabled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** A customer's outbound webhook endpoint and the event types it wants. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    description: text('description'),
    /** The signing secret, encrypted at rest (src/crypto/secret-box.ts); shown to the customer once. */
    secretCiphertext: text('secret_ciphertext').notNull(),
    status: text('status').$type<SubscriptionStatus>().notNull().default('active'),
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true, precision: 3 }),
    /** Start of the current unbroken run of failed attempts; cleared by any success. */
    failingSince: timestamp('failing_since', { withTimezone: true, precision: 3 }),
    /** Soft delete: the delivery log stays for its retention period, nothing more is sent. */
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (t) => [
    index('webhook_subscriptions_company_idx').on(t.companyId, t.createdAt).where(sql`${t.deletedAt} is null`),
  ],
);

export const DELIVERY_STATUSES = ['succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The delivery audit log: one row per attempt, kept 30 days. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    /** The event's id, sent as X-Webhook-Id: the same on every attempt, so receivers can dedupe. */
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The delivery job (null for a test send made from the API). */
    jobId: uuid('job_id'),
    attempt: integer('attempt').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    /** The first KiB of the response body. */
    responseSnippet: text('response_snippet'),
    attemptedAt: timestamp('attempted_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** When the next attempt is due, if one will be made. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.attemptedAt.desc(), t.id.desc()),
    index('webhook_deliveries_attempted_idx').on(t.attemptedAt),
    // A claim is one attempt: the same job attempt can never be logged (or made) twice.
    uniqueIndex('webhook_deliveries_job_attempt_idx').on(t.jobId, t.attempt),
  ],
);
