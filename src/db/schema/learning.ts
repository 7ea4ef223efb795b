import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { LeadStatus } from '../../scoring/types.ts';
import { companies } from './companies.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Every status a lead has had, with when: the furthest status it reached is known even after it
 * moved on, was lost or archived. Outcomes for learning are derived from this.
 */
export const leadStatusChanges = pgTable(
  'lead_status_changes',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    leadId: uuid('lead_id').notNull(),
    fromStatus: text('from_status').$type<LeadStatus>(),
    toStatus: text('to_status').$type<LeadStatus>().notNull(),
    changedAt: at('changed_at').notNull().defaultNow(),
  },
  (t) => [index('lead_status_changes_lead_idx').on(t.companyId, t.leadId, t.changedAt)],
);

/**
 * Historical leads imported only to learn from (`--history`): no contact details needed, never
 * listed, counted or sent anywhere. `rowKey` (a hash of the row's content) makes re-imports add
 * nothing twice.
 */
export const trainingExamples = pgTable(
  'training_examples',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    importId: uuid('import_id'),
    rowKey: text('row_key').notNull(),
    /** the lead's fields as the scoring engine reads them (attributes included) */
    lead: jsonb('lead').$type<Record<string, unknown>>().notNull(),
    /** reached a viewing; null when the outcome does not say */
    show: boolean('show'),
    /** reserved or later; null when the outcome does not say */
    sql: boolean('sql'),
    occurredAt: at('occurred_at').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('training_examples_row_idx').on(t.companyId, t.rowKey)],
);

export const IMPORT_STATUSES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportRowError { line: number; field: string | null; reason: string }

/** A CSV import: the file waits here until its durable job has read it, then only counts stay. */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    mode: text('mode').$type<'history' | 'live'>().notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('pending'),
    filename: text('filename'),
    /** column mapping and outcome column as asked */
    options: jsonb('options').$type<{ map?: Record<string, string>; outcome_column?: string | null }>().notNull(),
    /** the file, cleared once processed */
    content: text('content'),
    totalRows: integer('total_rows'),
    processedRows: integer('processed_rows').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    merged: integer('merged').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** the first row errors (line, field, reason) */
    errors: jsonb('errors').$type<ImportRowError[]>().notNull().default([]),
    /** why the whole file was refused, if it was */
    error: text('error'),
    createdAt: at('created_at').notNull().defaultNow(),
    finishedAt: at('finished_at'),
  },
  (t) => [index('imports_company_idx').on(t.companyId, t.createdAt.desc())],
);

export const MODEL_TARGETS = ['p_show', 'p_sql'] as const;
export type ModelTarget = (typeof MODEL_TARGETS)[number];

/** A trained model: immutable once written, except whether it is the active one. */
export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id').notNull().references(() => companies.id),
    target: text('target').$type<ModelTarget>().notNull(),
    version: integer('version').notNull(),
    algorithm: text('algorithm').notNull(),
    /** the learned model (features, trees or weights, calibration) as JSON */
    model: jsonb('model').$type<Record<string, unknown>>(),
    /** metrics beside the prior, data window, top factors, activation verdict */
    report: jsonb('report').$type<Record<string, unknown>>().notNull(),
    /** whether training judged it good enough to activate */
    eligible: boolean('eligible').notNull(),
    reason: text('reason').notNull(),
    active: boolean('active').notNull().default(false),
    activatedAt: at('activated_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('models_version_idx').on(t.companyId, t.target, t.version),
    // one active model per company and target
    uniqueIndex('models_active_idx').on(t.companyId, t.target).where(sql`${t.active}`),
  ],
);

/** A company's learning settings; absent means the defaults. */
export const learningSettings = pgTable('learning_settings', {
  companyId: uuid('company_id').primaryKey().references(() => companies.id),
  /** an open lead without progress for this many days counts as a negative */
  noProgressDays: integer('no_progress_days').notNull().default(90),
  minLabelled: integer('min_labelled').notNull().default(200),
  minPositives: integer('min_positives').notNull().default(40),
});
