import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { companies, timestamps } from './companies.ts';

export type UnitMix = Record<string, { count?: number; price_from?: number; price_to?: number }>;

/** A site being sold. Its price range and unit mix let scoring judge a buyer's budget. */
export const developments = pgTable(
  'developments',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    name: text('name').notNull(),
    location: text('location'),
    status: text('status').notNull().default('Active'),
    totalUnits: integer('total_units'),
    priceFrom: integer('price_from'),
    priceTo: integer('price_to'),
    unitMix: jsonb('unit_mix').$type<UnitMix>(),
    /** Set when archived: kept (its leads keep pointing at it) but left out of lists unless asked for. */
    archivedAt: timestamp('archived_at', { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (t) => [index('developments_company_idx').on(t.companyId, t.createdAt)],
);
