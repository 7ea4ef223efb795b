import { bigint, date, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { Classification, LeadStatus } from '../../scoring/types.ts';
import { companies } from './companies.ts';

/**
 * Lead counts and score sums per company, development, UTC day of creation, classification and
 * status. Kept exact by the same transaction that inserts or changes a lead (src/stats/rollup.ts),
 * so stats and list totals read a few thousand rows instead of counting a million.
 * Archived leads stay here under status 'Archived'; readers exclude them like the lead list does.
 */
export const leadDailyRollups = pgTable(
  'lead_daily_rollups',
  {
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    /** Null for leads without a development (NULLS NOT DISTINCT keeps one row per key). */
    developmentId: uuid('development_id'),
    day: date('day', { mode: 'string' }).notNull(),
    classification: text('classification').$type<Classification>().notNull(),
    status: text('status').$type<LeadStatus>().notNull(),
    leads: integer('leads').notNull(),
    qualitySum: bigint('quality_sum', { mode: 'number' }).notNull(),
    intentSum: bigint('intent_sum', { mode: 'number' }).notNull(),
  },
  (t) => [
    unique('lead_daily_rollups_key')
      .on(t.companyId, t.day, t.developmentId, t.classification, t.status)
      .nullsNotDistinct(),
    index('lead_daily_rollups_company_dev_day_idx').on(t.companyId, t.developmentId, t.day),
  ],
);

/**
 * The same counts without the day: at most developments × 6 × 9 rows per company, so the
 * all-time totals behind GET /stats and every unfiltered page's meta.total read a few hundred
 * rows instead of summing tens of thousands of daily ones. Maintained in the same transactions.
 */
export const leadRollupTotals = pgTable(
  'lead_rollup_totals',
  {
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    developmentId: uuid('development_id'),
    classification: text('classification').$type<Classification>().notNull(),
    status: text('status').$type<LeadStatus>().notNull(),
    leads: integer('leads').notNull(),
    qualitySum: bigint('quality_sum', { mode: 'number' }).notNull(),
    intentSum: bigint('intent_sum', { mode: 'number' }).notNull(),
  },
  (t) => [unique('lead_rollup_totals_key').on(t.companyId, t.developmentId, t.classification, t.status).nullsNotDistinct()],
);
