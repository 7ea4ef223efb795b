import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { companies } from './companies.ts';

/**
 * The outbox: one row per domain event, inserted in the same transaction as the change that
 * caused it, so an acknowledged change never loses its event. Workers fan events out from here.
 */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** Set once the event has been fanned out to its subscriptions. */
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('events_undispatched_idx').on(t.createdAt).where(sql`${t.dispatchedAt} is null`)],
);
