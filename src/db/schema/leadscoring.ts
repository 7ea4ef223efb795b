import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companies, timestamps } from './companies.ts';
import { leads } from './leads.ts';
import type { LeadField } from '../../leadscoring/answers.ts';
import type { ActionSource } from '../../leadscoring/capi/graph.ts';
import type { HashedUserData } from '../../leadscoring/capi/normalise.ts';

/** Which implementation answered a provider call, and why the remote one did not when it failed. */
export interface ProviderTrace {
  source: 'remote' | 'local';
  /** Set when a configured remote provider failed and the local one stood in. */
  fallback_reason?: string;
}

/** The CAPI user_data as sent: em/ph/fn/ln already hashed, so no plain PII sits here. */
export type CapiUserData = HashedUserData;

/**
 * One row per company (a "client" in the Lead Scoring API) once it changes a default. Secrets (the Meta access
 * token, the Typeform secret) are write-only through the API and sealed at rest
 * (src/crypto/secret-box.ts): they are opened only to sign or send.
 * Probabilities and thresholds are double precision: a real (float4) reads 0.7 back as 0.699999988.
 */
export const leadScoringSettings = pgTable('leadscoring_settings', {
  companyId: uuid('company_id')
    .primaryKey()
    .references(() => companies.id),
  fbCapiFin: doublePrecision('fb_capi_fin').notNull(),
  fbCapiShow: doublePrecision('fb_capi_show').notNull(),
  aRotatorFin: doublePrecision('a_rotator_fin').notNull(),
  aRotatorShow: doublePrecision('a_rotator_show').notNull(),
  bRotatorFin: doublePrecision('b_rotator_fin').notNull(),
  bRotatorShow: doublePrecision('b_rotator_show').notNull(),
  cRotatorFin: doublePrecision('c_rotator_fin').notNull(),
  cRotatorShow: doublePrecision('c_rotator_show').notNull(),
  pixelId: text('pixel_id'),
  /** Plaintext from before secrets were sealed: sealed into access_token_ciphertext and emptied at start-up. */
  accessToken: text('access_token'),
  accessTokenCiphertext: text('access_token_ciphertext'),
  eventName: text('event_name').notNull(),
  eventSourceUrl: text('event_source_url'),
  actionSource: text('action_source').$type<ActionSource>().notNull(),
  /** Plaintext from before secrets were sealed: sealed into typeform_secret_ciphertext and emptied at start-up. */
  typeformSecret: text('typeform_secret'),
  typeformSecretCiphertext: text('typeform_secret_ciphertext'),
  /** Typeform field ref or id → lead field, e.g. {"q_budget": "budget"}. */
  fieldMapping: jsonb('field_mapping').$type<Record<string, LeadField>>().notNull().default({}),
  /** Typeform submissions accepted per hour at most; past it the webhook answers 429. */
  maxSubmissionsPerHour: integer('max_submissions_per_hour').notNull().default(300),
  /** Refuse deliveries without a valid Typeform-Signature (needs a Typeform secret). */
  requireSignature: boolean('require_signature').notNull().default(false),
  ...timestamps,
});

/**
 * Submissions each client's webhook accepted in the current hour, counted in the transaction that
 * queues them, so the cap is exact across processes. One row per client, reset when its hour ends.
 */
export const leadScoringIntake = pgTable('leadscoring_intake', {
  companyId: uuid('company_id')
    .primaryKey()
    .references(() => companies.id),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true, precision: 3 }).notNull(),
  accepted: integer('accepted').notNull(),
});

/** The latest scoring result per (company, email): what GET /leadscoring answers. */
export const leadScoringResults = pgTable(
  'leadscoring_results',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    /** Lower-cased, so lookups are case-insensitive. */
    email: text('email').notNull(),
    leadId: uuid('lead_id').references(() => leads.id),
    /** The CAPI event id: "mql" + the original (pixel) event id of the submission. */
    capiEventId: text('capi_event_id').notNull(),
    pFin: doublePrecision('p_fin').notNull(),
    pShow: doublePrecision('p_show').notNull(),
    pSql: doublePrecision('p_sql').notNull(),
    sal: text('sal').$type<'Yes' | 'No'>().notNull(),
    salRating: text('sal_rating').$type<'Exceptional' | 'Great' | 'Good' | 'Poor' | 'Unknown'>().notNull(),
    pShowAi: doublePrecision('p_show_ai').notNull(),
    pCloseAi: doublePrecision('p_close_ai').notNull(),
    pFinqAi: doublePrecision('p_finq_ai').notNull(),
    pIntentAi: doublePrecision('p_intent_ai').notNull(),
    stateResidence: text('state_residence'),
    rotator: text('rotator').$type<'A' | 'B' | 'C'>(),
    providers: jsonb('providers').$type<{ prefi: ProviderTrace; form_ai: ProviderTrace }>().notNull(),
    capiUserData: jsonb('capi_user_data').$type<CapiUserData>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3 }),
    ...timestamps,
  },
  (t) => [uniqueIndex('leadscoring_results_company_email_idx').on(t.companyId, t.email)],
);

/** Every attempt to send a Conversions API event, kept as an audit log (no token, no PII). */
export const capiSends = pgTable(
  'capi_sends',
  {
    id: uuid('id').primaryKey(),
    companyId: uuid('company_id')
      .notNull()
      .references(() => companies.id),
    resultId: uuid('result_id').references(() => leadScoringResults.id),
    jobId: uuid('job_id'),
    attempt: integer('attempt').notNull(),
    trigger: text('trigger').$type<'auto' | 'manual'>().notNull(),
    eventId: text('event_id').notNull(),
    pixelId: text('pixel_id').notNull(),
    /** sent, retrying (a retryable failure) or failed (final). */
    outcome: text('outcome').$type<'sent' | 'retrying' | 'failed'>().notNull(),
    httpStatus: integer('http_status'),
    errorCode: integer('error_code'),
    error: text('error'),
    eventsReceived: integer('events_received'),
    fbtraceId: text('fbtrace_id'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('capi_sends_company_idx').on(t.companyId, t.createdAt.desc()),
    index('capi_sends_result_idx').on(t.resultId).where(sql`${t.resultId} is not null`),
  ],
);
