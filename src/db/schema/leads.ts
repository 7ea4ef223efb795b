import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Classification, LeadCategory, LeadStatus, ResponseTime } from '../../scoring/types.ts';
import type { Actor } from '../../context/actor.ts';
import { companies, timestamps } from './companies.ts';
import { developments } from './developments.ts';

const scoredAt = () => timestamp('scored_at', { withTimezone: true, precision: 3 });

export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    developmentId: uuid('development_id').references(() => developments.id),
    fullName: text('full_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    budget: text('budget'),
    paymentMethod: text('payment_method'),
    timeline: text('timeline'),
    purpose: text('purpose'),
    location: text('location'),
    bedrooms: integer('bedrooms'),
    source: text('source'),
    category: text('category').$type<LeadCategory>().notNull().default('BUYER'),
    notes: text('notes'),
    utm: jsonb('utm').$type<Record<string, string>>(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>(),
    status: text('status').$type<LeadStatus>().notNull().default('Contact Pending'),
    classification: text('classification').$type<Classification>().notNull(),
    qualityScore: integer('quality_score').notNull(),
    intentScore: integer('intent_score').notNull(),
    confidenceScore: integer('confidence_score').notNull(),
    callPriority: integer('call_priority').notNull(),
    callPriorityReason: text('call_priority_reason').notNull(),
    responseTime: text('response_time').$type<ResponseTime>().notNull(),
    is28DayBuyer: boolean('is_28_day_buyer').notNull(),
    isFakeLead: boolean('is_fake_lead').notNull(),
    riskFlags: jsonb('risk_flags').$type<string[]>().notNull(),
    pFin: real('p_fin').notNull(),
    pShow: real('p_show').notNull(),
    pSql: real('p_sql').notNull(),
    scoreBreakdown: jsonb('score_breakdown').$type<Record<string, unknown>>().notNull(),
    engineVersion: text('engine_version').notNull(),
    scoredAt: scoredAt().notNull(),
    ...timestamps,
  },
  (t) => [
    // One live lead per email per company; archived leads keep their data without blocking re-entry.
    uniqueIndex('leads_company_email_live_idx')
      .on(t.companyId, sql`lower(${t.email})`)
      .where(sql`${t.status} <> 'Archived' and ${t.email} is not null`),
    // Newest-first listing and cursors: (company, created_at, id) for every filter below.
    index('leads_company_created_idx').on(t.companyId, t.createdAt.desc(), t.id.desc()),
    index('leads_company_classification_idx').on(t.companyId, t.classification, t.createdAt.desc()),
    index('leads_company_status_idx').on(t.companyId, t.status, t.createdAt.desc()),
    index('leads_company_source_idx').on(t.companyId, t.source, t.createdAt.desc()),
    index('leads_company_category_idx').on(t.companyId, t.category, t.createdAt.desc()),
    index('leads_company_development_idx').on(t.companyId, t.developmentId, t.createdAt.desc()),
    // Case-insensitive substring search on name or email.
    index('leads_search_name_trgm_idx').using('gin', sql`lower(${t.fullName}) gin_trgm_ops`),
    index('leads_search_email_trgm_idx').using('gin', sql`lower(${t.email}) gin_trgm_ops`),
  ],
);

/** Every score a lead has had, newest first: how and why its priority changed. */
export const leadScores = pgTable(
  'lead_scores',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id),
    qualityScore: integer('quality_score').notNull(),
    intentScore: integer('intent_score').notNull(),
    confidenceScore: integer('confidence_score').notNull(),
    classification: text('classification').$type<Classification>().notNull(),
    scoredBy: text('scored_by').notNull(),
    /** Who caused this score: an API key, a user, the CLI or a worker (null on rows from before it was recorded). */
    actor: jsonb('actor').$type<Actor>(),
    engineVersion: text('engine_version').notNull(),
    scoredAt: scoredAt().notNull().defaultNow(),
  },
  (t) => [index('lead_scores_lead_idx').on(t.leadId, t.scoredAt.desc())],
);
